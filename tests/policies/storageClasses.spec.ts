import { strict as assert } from "assert";
import { ebsStorageClassEncrypted } from "../../policies/rules/storageClasses";
import { resourceMessages, UNKNOWN_INPUT, unknownReason, validateResource } from "../support/policyArgs";
import { Obj, STORAGE_CLASS, storageClass } from "../support/policyFixtures";

function edited(edit: (c: Obj) => void): Obj {
    const c = storageClass();
    edit(c);
    return c;
}

describe("policy ebs-storage-class-encrypted", () => {
    const check = (c: Obj, config?: Record<string, unknown>) => resourceMessages(ebsStorageClassEncrypted, STORAGE_CLASS, c, { name: "cluster-gp3", config });

    it("passes an EBS class encrypted with a customer-managed key, and ignores other provisioners", async () => {
        assert.deepEqual(await check(storageClass()), []);
        assert.deepEqual(await check(edited((c) => Object.assign(c, { provisioner: "efs.csi.aws.com", parameters: { provisioningMode: "efs-ap" } }))), []);
    });

    it("reads parameter names in any letter case, as the EBS drivers do", async () => {
        assert.deepEqual(await check(edited((c) => (c.parameters = { Type: "gp3", Encrypted: "True", KMSKeyId: "arn:aws:kms:eu-central-1:123456789012:key/k" }))), []);
    });

    it("reports an EBS class without encryption, for the CSI driver and the in-tree plugin", async () => {
        assert.deepEqual(await check(edited((c) => delete c.parameters.encrypted)), [
            'StorageClass gp3 (ebs.csi.aws.com) does not set parameters.encrypted: "true", so its volumes are unencrypted unless the account encrypts EBS by default; set it.',
        ]);
        assert.deepEqual(await check(edited((c) => Object.assign(c, { provisioner: "kubernetes.io/aws-ebs", parameters: { type: "gp2", encrypted: "false" } }))), [
            'StorageClass gp3 (kubernetes.io/aws-ebs) does not set parameters.encrypted: "true", so its volumes are unencrypted unless the account encrypts EBS by default; set it.',
        ]);
    });

    it("reports the account's default key where a customer-managed key is required, and accepts it where not", async () => {
        const accountKey = edited((c) => delete c.parameters.kmsKeyId);
        assert.deepEqual(await check(accountKey), [
            "StorageClass gp3 (ebs.csi.aws.com) encrypts with the account's default EBS key; set parameters.kmsKeyId to a customer-managed KMS key ARN (cluster.storageClass.useClusterKmsKey: true).",
        ]);
        assert.deepEqual(await check(accountKey, { requireKmsKey: false }), []);
    });

    it("accepts a key that is unknown during a preview, and cannot judge unknown parameters", async () => {
        const outcome = (c: Obj) => validateResource(ebsStorageClassEncrypted, STORAGE_CLASS, c);
        assert.deepEqual(await outcome(edited((c) => (c.parameters.kmsKeyId = UNKNOWN_INPUT))), { messages: [] });
        assert.deepEqual(await outcome(edited((c) => (c.parameters = UNKNOWN_INPUT))), { messages: [], notApplicable: unknownReason("parameters") });
        assert.deepEqual(await outcome(edited((c) => (c.parameters.encrypted = UNKNOWN_INPUT))), { messages: [], notApplicable: unknownReason("parameters.encrypted") });
        assert.deepEqual(await outcome(edited((c) => (c.provisioner = UNKNOWN_INPUT))), { messages: [], notApplicable: unknownReason("provisioner") });
    });
});
