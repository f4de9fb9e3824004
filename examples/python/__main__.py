"""Two voice bots from Python: each joins a TRTC room, listens to one user, answers with an
OpenAI-compatible LLM and speaks with TRTC's built-in (flow) voice. The second one runs in
Singapore, through a provider instance of its own."""

import pulumi
import pulumi_trtc as trtc

# The example's settings: `trtc-python:sdkAppId`, `trtc-python:openaiApiKey`, …
config = pulumi.Config()
sdk_app_id = config.require_int("sdkAppId")
# require_secret keeps the keys encrypted in config and state and masked in output. The plugin
# marks these fields secret anyway, so a plain string would stay encrypted too.
sdk_secret_key = config.require_secret("sdkSecretKey")
openai_api_key = config.require_secret("openaiApiKey")
welcome_message = config.get("welcomeMessage") or "Hi! I'm the support bot. How can I help?"


def support_bot(name: str, room_id: str, opts: pulumi.ResourceOptions | None = None):
    """One bot in `room_id`, answering the user `customer_1`."""
    return trtc.AIConversation(
        name,
        # Your TRTC application; it must have the AI conversation ability enabled.
        sdk_app_id=sdk_app_id,
        # A string room id; the user's app joins the same room.
        room_id=room_id,
        agent_config=trtc.AgentConfigArgs(
            user_id="support_bot",
            # The plugin signs a fresh UserSig for the bot from the app's SDK secret key at
            # create time, so no short-lived token ends up in config or state.
            user_sig_secret=sdk_secret_key,
            target_user_id=config.get("targetUserId") or "customer_1",
            welcome_message=welcome_message,
            # Leave the room after two minutes without anyone streaming.
            max_idle_time=120,
        ),
        stt_config=trtc.SttConfigArgs(language="en"),
        llm_config=trtc.OpenAiLlmConfigArgs(
            llm_type="openai",
            model="gpt-4o-mini",
            api_url="https://api.openai.com/v1/chat/completions",
            api_key=openai_api_key,
            system_prompt="You are a friendly support agent. Answer in one or two short sentences.",
            streaming=True,
        ),
        tts_config=trtc.FlowTtsConfigArgs(
            tts_type="flow", voice_id="v-female-R2s4N9qJ", model="flow_01_turbo"
        ),
        # A new welcome message, prompt or voice changes the running bot instead of replacing
        # it, so the person in the room keeps the call (any other change still replaces it).
        update_in_place=True,
        opts=opts,
    )


room_id = config.get("roomId") or "support-room"
# The stack's `trtc:*` config (credentials, endpoint, region) configures the default provider.
bot = support_bot("support-bot", room_id)

# A provider instance of its own: bots declared with it run in Singapore. An explicit provider
# reads no stack config, so it is given the same account (and endpoint) here.
trtc_config = pulumi.Config("trtc")
singapore = trtc.Provider(
    "singapore",
    region="ap-singapore",
    endpoint=trtc_config.get("endpoint"),
    secret_id=trtc_config.get("secretId"),
    secret_key=trtc_config.get_secret("secretKey"),
)
sg_bot = support_bot(
    "support-bot-sg", f"{room_id}-sg", pulumi.ResourceOptions(provider=singapore)
)

# TRTC's ids of the running bots (also the Pulumi resource ids), and their state.
pulumi.export("taskId", bot.task_id)
pulumi.export("sessionId", bot.session_id)
pulumi.export("status", bot.status)
pulumi.export("region", bot.region)
pulumi.export("sgTaskId", sg_bot.task_id)
pulumi.export("sgRegion", sg_bot.region)
