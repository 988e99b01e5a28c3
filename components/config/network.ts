import { z } from "zod";
import { availabilityZone, cidrPrefix, ipv4Cidr, subnetId, vpcId } from "./primitives";
import { AwsEnvironment, Environment, Report, ZONE_COUNT } from "./environment";

const existingVpc = z.strictObject({
    vpcId,
    privateSubnetIds: z.array(subnetId).length(ZONE_COUNT),
    publicSubnetIds: z.array(subnetId).length(ZONE_COUNT),
});

export const networkSchema = z.strictObject({
    cidr: ipv4Cidr.optional(),
    availabilityZones: z.array(availabilityZone).length(ZONE_COUNT).optional(),
    natGateways: z.enum(["single", "perZone"]).optional(),
    existingVpc: existingVpc.optional(),
});

type NetworkInput = z.infer<typeof networkSchema>;

export type NetworkConfig =
    | {
          mode: "create";
          cidr: string;
          /** Explicit zones, or undefined to take the region's first three available zones. */
          availabilityZones?: string[];
          natGateways: "single" | "perZone";
      }
    | ({ mode: "existing" } & z.infer<typeof existingVpc>);

export const NETWORK_DEFAULTS: Record<AwsEnvironment, NetworkInput> = {
    dev: { cidr: "10.40.0.0/16", natGateways: "single" },
    // One NAT in staging unless a stack asks for more: a zone outage there costs a rehearsal, not data.
    staging: { cidr: "10.50.0.0/16", natGateways: "single" },
    prod: { cidr: "10.60.0.0/16", natGateways: "perZone" },
};

/** Profile defaults describe a VPC to create, so they must not be mixed into a bring-your-own VPC. */
export function networkDefaults(env: AwsEnvironment, raw: unknown): NetworkInput {
    const brings = typeof raw === "object" && raw !== null && "existingVpc" in raw;
    return brings ? {} : NETWORK_DEFAULTS[env];
}

const CREATE_ONLY_KEYS = ["cidr", "availabilityZones", "natGateways"] as const;

export function checkNetwork(n: NetworkInput, env: Environment, report: Report): void {
    if (n.existingVpc) {
        for (const key of CREATE_ONLY_KEYS) {
            if (n[key] !== undefined) {
                report(["network", key], "cannot be combined with network.existingVpc (it only applies to a VPC this stack creates); remove one of them");
            }
        }
        const { privateSubnetIds, publicSubnetIds } = n.existingVpc;
        const all = [...privateSubnetIds, ...publicSubnetIds];
        const repeated = all.filter((id, i) => all.indexOf(id) !== i);
        if (repeated.length > 0) {
            report(["network", "existingVpc"], `must list ${ZONE_COUNT} private and ${ZONE_COUNT} public subnets, all different; repeated: ${[...new Set(repeated)].join(", ")}`);
        }
        return;
    }
    if (n.cidr === undefined) {
        report(["network", "cidr"], "is required (an IPv4 CIDR of /16 to /20) unless network.existingVpc is set");
    } else if (cidrPrefix(n.cidr) < 16 || cidrPrefix(n.cidr) > 20) {
        report(["network", "cidr"], "must be a /16 to /20 block: it is cut into three private subnets of a quarter of it and three public ones of a sixteenth");
    }
    if (n.natGateways === undefined) {
        report(["network", "natGateways"], 'is required ("single" or "perZone") unless network.existingVpc is set');
    } else if (env === "prod" && n.natGateways !== "perZone") {
        report(["network", "natGateways"], 'must be "perZone" in prod: a single NAT gateway makes one zone\'s outage cut every zone off');
    }
    if (n.availabilityZones && new Set(n.availabilityZones).size !== n.availabilityZones.length) {
        report(["network", "availabilityZones"], `must name ${ZONE_COUNT} different zones`);
    }
}

export function toNetworkConfig(n: NetworkInput): NetworkConfig {
    if (n.existingVpc) {
        return { mode: "existing", ...n.existingVpc };
    }
    return {
        mode: "create",
        cidr: n.cidr as string,
        availabilityZones: n.availabilityZones,
        natGateways: n.natGateways as "single" | "perZone",
    };
}
