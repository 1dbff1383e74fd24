"""Optional language-model assistance: theme names and principle wordings, suggested by an
OpenAI-compatible endpoint after personal data has been scrubbed. Off unless
VOGTER_LLM_BASE_URL is set; see docs/llm.md."""
