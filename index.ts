import { loadConfig } from "./components/config";
import { buildPlatform } from "./components/platform";

// Pulumi calls an exported function and takes what it returns as the stack outputs; the in-process
// plan and the tests call the same function under the mock runtime.
export = () => buildPlatform(loadConfig());
