// Which image runs on which instance type: one rule for the launch verb and
// the launch form (which disables the pairs it refuses, with this reason).
const bits = (a: string) => (a === "i386" ? "32-bit (i386)" : "64-bit (x86_64)");

export function archMismatch(type: { name: string; architecture: string }, image: { id: string; architecture: string }): string | null {
  if (type.architecture === image.architecture) return null;
  return `${type.name} takes ${bits(type.architecture)} images only, and ${image.id} is ${bits(image.architecture)}. ${type.architecture === "i386" ? "Choose a 64-bit type such as m1.large or m1.xlarge." : "Choose a 32-bit type such as m1.small."}`;
}
