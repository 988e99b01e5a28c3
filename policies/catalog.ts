import { EnforcementLevel, Policies } from "@pulumi/policy";
import { crdPolicies } from "./rules/crds";
import { eksPolicies } from "./rules/eks";
import { eksNodePolicies } from "./rules/eksNodes";
import { iamPolicies } from "./rules/iam";
import { kafkaAccessPolicies } from "./rules/kafkaAccess";
import { kafkaDisruptionPolicies } from "./rules/kafkaDisruption";
import { kafkaReplicationPolicies } from "./rules/kafkaReplication";
import { kafkaStoragePolicies } from "./rules/kafkaStorage";
import { kmsPolicies } from "./rules/kms";
import { observabilityPolicies } from "./rules/observability";
import { s3Policies } from "./rules/s3";
import { storageClassPolicies } from "./rules/storageClasses";
import { teamAccessPolicies } from "./rules/teamAccess";
import { readingWithheldOutputsAsUnknown } from "./rules/withheldOutputs";

/**
 * The pack's contents, kept apart from index.ts: constructing the PolicyPack starts the analyzer
 * server, so the in-process runner and the tests import this module instead.
 */
export const PACK_NAME = "kafka-platform";

export const PACK_DESCRIPTION = "Kafka durability and access, broker storage, S3 archive, EKS and IAM hardening for kafka-platform stacks.";

/** Applies to a rule the environment's config does not mention: fail safe. */
export const PACK_ENFORCEMENT_LEVEL: EnforcementLevel = "mandatory";

export const POLICIES: Policies = readingWithheldOutputsAsUnknown([
    ...kafkaReplicationPolicies,
    ...kafkaStoragePolicies,
    ...kafkaAccessPolicies,
    ...kafkaDisruptionPolicies,
    ...observabilityPolicies,
    ...crdPolicies,
    ...storageClassPolicies,
    ...s3Policies,
    ...eksPolicies,
    ...teamAccessPolicies,
    ...eksNodePolicies,
    ...iamPolicies,
    ...kmsPolicies,
]);
