import { Badge } from "@/components/ui/badge";
import { STATE_TONE, type InstanceState } from "@/lib/instance-state";

export function StateBadge({ state }: { state: InstanceState }) {
  return (
    <Badge tone={STATE_TONE[state]}>
      <span aria-hidden className="mr-1">●</span>
      {state}
    </Badge>
  );
}
