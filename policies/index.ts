import { PolicyPack } from "@pulumi/policy";
import { PACK_DESCRIPTION, PACK_ENFORCEMENT_LEVEL, PACK_NAME, POLICIES } from "./catalog";

new PolicyPack(PACK_NAME, { policies: POLICIES, enforcementLevel: PACK_ENFORCEMENT_LEVEL, description: PACK_DESCRIPTION });
