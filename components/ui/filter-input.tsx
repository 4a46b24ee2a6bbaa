"use client";
// A text filter in a GET form: emptying it (typing or the ✕ of a search box)
// submits the form at once, so the cleared filter is gone from the URL too.
import type { InputHTMLAttributes } from "react";
import { Input } from "./field";

export function FilterInput(props: InputHTMLAttributes<HTMLInputElement> & { id: string }) {
  return (
    <Input
      {...props}
      onChange={(e) => {
        props.onChange?.(e);
        if (e.currentTarget.value === "" && e.currentTarget.defaultValue !== "") e.currentTarget.form?.requestSubmit();
      }}
    />
  );
}
