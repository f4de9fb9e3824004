/**
 * The provider instance every AIConversation uses, as this module's whole export.
 *
 * Why a module of its own: when the package is installed under node_modules, Pulumi's closure
 * serializer recognizes a provider that *is* a module's exports and stores a single
 * `require("pulumi-trtc/...")` as `__provider` instead of the provider's code, which keeps state
 * small and lets a package upgrade fix running bots' delete/read paths.
 *
 * Why it forwards: the program requires this module too (to hand it to the engine), but only the
 * provider host calls it. The real provider (zod, the field table, the TRTC SDK) is loaded at the
 * first call, so a program does not pay for loading it.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { AIConversationProvider } from "./ai-conversation/provider";

let real: AIConversationProvider | undefined;

/**
 * The provider, built at the first call in this process (the provider host's: the program never
 * calls).
 */
function impl(): AIConversationProvider {
  if (!real) {
    const { AIConversationProvider: Provider } =
      require("./ai-conversation/provider") as typeof import("./ai-conversation/provider");
    real = new Provider();
  }
  return real;
}

const provider: Required<pulumi.dynamic.ResourceProvider> = {
  configure: (req) => impl().configure(req),
  check: (olds, news) => impl().check(olds, news),
  diff: (id, olds, news) => impl().diff(id, olds, news),
  create: (inputs) => impl().create(inputs),
  read: (id, props) => impl().read(id, props),
  update: (id, olds, news) => impl().update(id, olds, news),
  delete: (id, props) => impl().delete(id, props),
};
export = provider;
