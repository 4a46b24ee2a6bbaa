// Query key and options for the simulated clock in the header.
import { queryOptions } from "@tanstack/react-query";
import type { ClockView } from "../control-plane/clock/clock";
import { fetchJson } from "./fetch-json";

export const clockKeys = { all: ["clock"] as const };

export const clockQuery = (initial?: ClockView) =>
  queryOptions({
    queryKey: clockKeys.all,
    queryFn: () => fetchJson<ClockView>("/api/clock"),
    // Another admin may warp it: look again now and then; the header ticks locally in between.
    refetchInterval: 15_000,
    initialData: initial,
  });
