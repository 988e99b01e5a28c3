import { z } from "zod";

/** Reusable validated scalars; each message says what is allowed, the error formatter adds the key and value. */

export const positiveInt = z.int().min(1);
export const nonNegativeInt = z.int().min(0);

export const awsRegion = z
    .string()
    .regex(/^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d$/, { error: "must be an AWS region name such as eu-west-1" });

export const availabilityZone = z
    .string()
    .regex(/^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d[a-z]$/, { error: "must be an availability zone name such as eu-west-1a" });

function isCidr(value: string): boolean {
    const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(value);
    if (!m) {
        return false;
    }
    const octets = m.slice(1, 5).map(Number);
    const prefix = Number(m[5]);
    if (octets.some((o) => o > 255) || prefix > 32) {
        return false;
    }
    const address = octets.reduce((acc, o) => acc * 256 + o, 0);
    return address % 2 ** (32 - prefix) === 0;
}

export const ipv4Cidr = z
    .string()
    .refine(isCidr, { error: "must be an IPv4 CIDR block with no host bits set, such as 10.40.0.0/16" });

export function cidrPrefix(cidr: string): number {
    return Number(cidr.split("/")[1]);
}

export const vpcId = z.string().regex(/^vpc-[0-9a-f]{8,17}$/, { error: "must be a VPC id such as vpc-0a1b2c3d4e5f60718" });
export const subnetId = z
    .string()
    .regex(/^subnet-[0-9a-f]{8,17}$/, { error: "must be a subnet id such as subnet-0a1b2c3d4e5f60718" });

export const iamRoleArn = z
    .string()
    .regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@\/-]{1,512}$/, {
        error: "must be an IAM role ARN such as arn:aws:iam::123456789012:role/platform-admins",
    });

export const kmsKeyArn = z
    .string()
    .regex(/^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[0-9a-f-]{36}$/, {
        error: "must be a KMS key ARN such as arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
    });

/** AWS tag keys and values (the `aws:` prefix is reserved by AWS). */
export const awsTags = z.record(
    z
        .string()
        .min(1)
        .max(128)
        .refine((k) => !k.toLowerCase().startsWith("aws:"), { error: "tag keys must not start with aws: (reserved by AWS)" }),
    z.string().max(256),
);

export const instanceType = z
    .string()
    .regex(/^[a-z][a-z0-9-]*\.[a-z0-9]+$/, { error: "must be an EC2 instance type such as m6i.xlarge" });

/** Kubernetes resource quantities, e.g. `100Gi`, `500m`, `2`. */
export const quantity = z
    .string()
    .regex(/^[+]?(\d+(\.\d+)?|\.\d+)(Ki|Mi|Gi|Ti|Pi|Ei|m|k|M|G|T|P|E)?$/, {
        error: "must be a Kubernetes quantity such as 100Gi, 512Mi or 500m",
        // Refinements built on quantity parse the value; they must not run on text that is not one.
        abort: true,
    });

const BINARY_UNITS: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
const DECIMAL_UNITS: Record<string, number> = { m: 1e-3, "": 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };

/** The value of a quantity in base units (bytes for storage and memory, cores for CPU). */
export function quantityValue(q: string): number {
    const m = /^[+]?(\d+(?:\.\d+)?|\.\d+)([A-Za-z]*)$/.exec(q);
    if (!m) {
        throw new Error(`not a Kubernetes quantity: ${q}`);
    }
    const unit = m[2];
    const factor = BINARY_UNITS[unit] ?? DECIMAL_UNITS[unit];
    if (factor === undefined) {
        throw new Error(`not a Kubernetes quantity: ${q}`);
    }
    return Number(m[1]) * factor;
}

/** A storage quantity of at least 1Gi: EBS cannot provision less. */
export const storageSize = quantity.refine((q) => quantityValue(q) >= 2 ** 30, {
    error: "must be a storage size of at least 1Gi, such as 100Gi",
});

/** DNS-1123 label: Kubernetes object names, namespaces and team names. */
export const dnsLabel = z
    .string()
    .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, {
        error: "must be a DNS-1123 label: lower-case letters, digits and '-', starting and ending with a letter or digit",
    })
    .max(63);

/** A mapping (not null, not a list): what a YAML object in stack config decodes to. */
export function isPlainObject(v: unknown): v is Record<string, unknown> {
    return typeof v === "object" && v !== null && !Array.isArray(v);
}
