import type { ButtonHTMLAttributes } from "react";

const VARIANTS = {
  primary: "bg-sky-700 text-white hover:bg-sky-800 disabled:bg-sky-700/50",
  secondary: "bg-white text-zinc-800 ring-1 ring-inset ring-zinc-300 hover:bg-zinc-50 disabled:text-zinc-400",
  danger: "bg-red-700 text-white hover:bg-red-800 disabled:bg-red-700/50",
  ghost: "text-zinc-700 hover:bg-zinc-100 disabled:text-zinc-400",
} as const;

export type ButtonVariant = keyof typeof VARIANTS;

export function buttonClass(variant: ButtonVariant = "secondary", size: "sm" | "md" = "md") {
  return `inline-flex items-center justify-center gap-1.5 rounded-md font-medium shadow-xs disabled:cursor-not-allowed ${
    size === "sm" ? "px-2.5 py-1 text-xs" : "px-3.5 py-2 text-sm"
  } ${VARIANTS[variant]}`;
}

interface Props extends ButtonHTMLAttributes<HTMLButtonElement> {
  variant?: ButtonVariant;
  size?: "sm" | "md";
  /** Why the button is disabled; shown as its tooltip and described to screen readers. */
  disabledReason?: string | null;
}

export function Button({ variant = "secondary", size = "md", className = "", disabledReason, disabled, title, type = "button", ...rest }: Props) {
  const off = Boolean(disabled || disabledReason);
  return (
    <button
      type={type}
      className={`${buttonClass(variant, size)} ${className}`}
      disabled={off}
      title={disabledReason ?? title}
      aria-description={disabledReason ?? undefined}
      {...rest}
    />
  );
}
