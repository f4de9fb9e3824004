// One voice bot from Go: it joins a TRTC room, listens to one user, answers with an
// OpenAI-compatible LLM and speaks with TRTC's built-in (flow) voice.
package main

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"

	"github.com/pulumi-trtc/pulumi-trtc/sdk/go/trtc"
)

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		// The example's settings: `trtc-go:sdkAppId`, `trtc-go:openaiApiKey`, …
		cfg := config.New(ctx, "")
		roomID := cfg.Get("roomId")
		if roomID == "" {
			roomID = "support-room"
		}
		targetUserID := cfg.Get("targetUserId")
		if targetUserID == "" {
			targetUserID = "customer_1"
		}
		welcome := cfg.Get("welcomeMessage")
		if welcome == "" {
			welcome = "Hi! I'm the support bot. How can I help?"
		}

		bot, err := trtc.NewAIConversation(ctx, "support-bot", &trtc.AIConversationArgs{
			// Your TRTC application; it must have the AI conversation ability enabled.
			SdkAppId: pulumi.Int(cfg.RequireInt("sdkAppId")),
			// A string room id; the user's app joins the same room.
			RoomId: pulumi.String(roomID),
			AgentConfig: &trtc.AgentConfigArgs{
				UserId: pulumi.String("support_bot"),
				// The plugin signs a fresh UserSig for the bot from the app's SDK secret key at
				// create time, so no short-lived token ends up in config or state. RequireSecret
				// keeps the key encrypted; the plugin marks the field secret anyway.
				UserSigSecret:  cfg.RequireSecret("sdkSecretKey"),
				TargetUserId:   pulumi.String(targetUserID),
				WelcomeMessage: pulumi.String(welcome),
				// Leave the room after two minutes without anyone streaming.
				MaxIdleTime: pulumi.Int(120),
			},
			SttConfig: &trtc.SttConfigArgs{Language: pulumi.String("en")},
			LlmConfig: &trtc.OpenAiLlmConfigArgs{
				LlmType:      pulumi.String("openai"),
				Model:        pulumi.String("gpt-4o-mini"),
				ApiUrl:       pulumi.String("https://api.openai.com/v1/chat/completions"),
				ApiKey:       cfg.RequireSecret("openaiApiKey"),
				SystemPrompt: pulumi.String("You are a friendly support agent. Answer in one or two short sentences."),
				Streaming:    pulumi.Bool(true),
			},
			TtsConfig: &trtc.FlowTtsConfigArgs{
				TtsType: pulumi.String("flow"),
				VoiceId: pulumi.String("v-female-R2s4N9qJ"),
				Model:   pulumi.String("flow_01_turbo"),
			},
			// A new welcome message, prompt or voice changes the running bot instead of replacing
			// it, so the person in the room keeps the call (any other change still replaces it).
			UpdateInPlace: pulumi.Bool(true),
		})
		if err != nil {
			return err
		}

		// TRTC's id of the running bot (also the Pulumi resource id), and its state.
		ctx.Export("taskId", bot.TaskId)
		ctx.Export("sessionId", bot.SessionId)
		ctx.Export("status", bot.Status)
		ctx.Export("region", bot.Region)
		return nil
	})
}
