/**
 * The pulumi-trtc policy pack: guardrails for every AIConversation of a stack, checked by the
 * engine at preview and again at `up` (`pulumi preview --policy-pack <this folder>`). The engine
 * gives the pack the stack's configuration; the pack reads `trtc:region` and
 * `trtc-policy:production` from it and nothing else. Nothing here logs: a pack receives every
 * input and the provider's configuration decrypted, secrets included.
 */
import { PolicyPack } from "@pulumi/policy";
import * as pulumi from "@pulumi/pulumi";
import { trtcPolicies } from "./policies";
import { stackFacts } from "./stack";

const stack = stackFacts({
  stack: pulumi.getStack(),
  production: new pulumi.Config("trtc-policy").get("production"),
  trtcRegion: new pulumi.Config("trtc").get("region"),
  envRegion: process.env.TENCENTCLOUD_REGION,
});

new PolicyPack("pulumi-trtc-policy", { policies: trtcPolicies(stack) });
