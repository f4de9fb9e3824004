/**
 * The provider instance every AIConversation uses, as this module's whole export.
 *
 * Why a module of its own: when the package is installed under node_modules, Pulumi's closure
 * serializer recognizes a provider that *is* a module's exports and stores a single
 * `require("pulumi-trtc/...")` as `__provider` instead of the provider's code, which keeps state
 * small and lets a package upgrade fix running bots' delete/read paths.
 */
import { AIConversationProvider } from "./ai-conversation/provider";

const provider = new AIConversationProvider();
export = provider;
