export function sourceFiles(root: string): string[];
export function fingerprint(root: string): string;
export function recordBuild(root: string): void;
export function needsBuild(root: string): boolean;
