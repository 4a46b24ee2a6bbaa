"use client";
// The review's charts: responsive on screen; for print, drawn at a fixed
// width that fits A4 and Letter (a print layout gives a responsive chart no
// width to measure before the page is printed).
import type { CostReport } from "@/lib/control-plane/costs/report";
import { CostChart } from "./cost-chart";

const PRINT = { width: 680, height: 230 };

export function ReviewCharts({ byCategory, byType }: { byCategory: CostReport; byType: CostReport }) {
  const charts = [
    { report: byCategory, title: "Cost per day (USD), by category" },
    { report: byType, title: "Cost per day (USD), by instance type" },
  ];
  return (
    <section aria-label="Charts" className="space-y-4 print:space-y-3">
      {charts.map((c) => (
        <div key={c.title} className="break-inside-avoid">
          <div className="print:hidden">
            <CostChart report={c.report} title={c.title} />
          </div>
          <div className="hidden print:block" aria-hidden>
            <CostChart report={c.report} title={c.title} size={PRINT} />
          </div>
        </div>
      ))}
    </section>
  );
}
