import { loadConfig } from "./components/config";
import { buildLocalPlatform } from "./components/stacks/local";
import { buildPlatform } from "./components/stacks/platform";
import { buildTenant } from "./components/stacks/tenant";

// Pulumi calls an exported function and takes what it returns as the stack outputs; the in-process
// plan and the tests call the same function under the mock runtime.
export = () => {
    const config = loadConfig();
    switch (config.mode) {
        case "tenant":
            return buildTenant(config);
        case "local":
            return buildLocalPlatform(config);
        case "platform":
            return buildPlatform(config);
    }
};
