// Cost categories, as the UI and the reports name them (client-safe).
export const CATEGORIES = ["compute", "transferIn", "transferOut", "eip"] as const;
export type Category = (typeof CATEGORIES)[number];
export const CATEGORY_LABEL: Record<Category, string> = { compute: "Instance-hours", transferIn: "Data in", transferOut: "Data out", eip: "Elastic IPs" };
