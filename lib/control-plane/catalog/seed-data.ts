// The built-in catalog: the original three instance types and images of 2008
// (ami-f937d290 is the one in the seed article), plus one EBS image so
// stop/start can be shown, and one real image (the qemu provider's).
export const BUILTIN_TYPES = [
  { id: "m1.small", name: "m1.small", memoryMiB: 1740, vcpus: 1, ecuPerCore: 1, storageGb: 160, architecture: "i386", hourly: "0.10" },
  { id: "m1.large", name: "m1.large", memoryMiB: 7680, vcpus: 2, ecuPerCore: 2, storageGb: 850, architecture: "x86_64", hourly: "0.40" },
  { id: "m1.xlarge", name: "m1.xlarge", memoryMiB: 15360, vcpus: 4, ecuPerCore: 2, storageGb: 1690, architecture: "x86_64", hourly: "0.80" },
] as const;

export const BUILTIN_IMAGES = [
  {
    id: "ami-f937d290",
    name: "Fedora 8 (i386)",
    description: "Fedora 8 base install, 32-bit: the ec2-public-images/fedora-8-i386-base image",
    architecture: "i386",
    rootDeviceType: "instance-store",
    distro: "fedora",
    kernel: "2.6.21.7-2.fc8xen",
    bootSeconds: 45,
    profile: "idle",
  },
  {
    id: "ami-f51aff9c",
    name: "Fedora 8 (x86_64)",
    description: "Fedora 8 base install, 64-bit, for the large and extra large types",
    architecture: "x86_64",
    rootDeviceType: "instance-store",
    distro: "fedora",
    kernel: "2.6.21.7-2.fc8xen",
    bootSeconds: 45,
    profile: "idle",
  },
  {
    id: "ami-1c5db975",
    name: "Ubuntu 8.04 LTS Hardy (i386)",
    description: "Ubuntu 8.04 server, 32-bit, community image",
    architecture: "i386",
    rootDeviceType: "instance-store",
    distro: "ubuntu",
    kernel: "2.6.24-10-xen",
    bootSeconds: 35,
    profile: "idle",
  },
  {
    id: "ami-2b5fba42",
    name: "Ruby on Rails appliance (i386)",
    description: "Fedora 8 with Ruby 1.8.6, Rails 2.0, Mongrel and MySQL, ready to serve an app on port 80",
    architecture: "i386",
    rootDeviceType: "instance-store",
    distro: "fedora",
    kernel: "2.6.21.7-2.fc8xen",
    bootSeconds: 60,
    profile: "web",
  },
  {
    id: "ami-a6c13bcf",
    name: "Ubuntu 10.04 LTS Lucid (x86_64, EBS)",
    description: "Ubuntu 10.04 server, 64-bit, EBS-backed root volume: can be stopped and started",
    architecture: "x86_64",
    rootDeviceType: "ebs",
    distro: "ubuntu",
    kernel: "2.6.32-305-ec2",
    bootSeconds: 25,
    profile: "batch",
  },
  {
    id: "ami-71e1b005",
    name: "Tiny Linux x86_64 (real VM)",
    description:
      "A real Linux VM on this host under QEMU: busybox, DHCP, the metadata service, the key pair for root, user data, and a web server on port 80 that answers with the instance id. Built on this host by npm run images:build.",
    architecture: "x86_64",
    rootDeviceType: "instance-store",
    distro: "tiny",
    kernel: "Debian cloud kernel",
    bootSeconds: 5,
    profile: "web",
    provider: "qemu",
    ownerAlias: "stratus",
  },
] as const;

export const AVAILABILITY_ZONES = ["us-east-1a", "us-east-1b", "us-east-1c"] as const;
export const REGION = "us-east-1";
