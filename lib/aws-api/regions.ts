// The regions this endpoint serves: DescribeRegions lists them (one real
// region and the others of the era, for tools that iterate them), and a
// request signed for any other region is refused. Every region sees the
// team's one simulated cloud.
export const REGIONS: readonly string[] = ["us-east-1", "us-west-1", "eu-west-1", "ap-southeast-1"];

/** The services a request may be signed for: EC2 (Query, XML), EC2 Auto Scaling (Query, XML) and Cost Explorer (JSON). */
export const SERVICES: readonly string[] = ["ec2", "autoscaling", "ce"];
