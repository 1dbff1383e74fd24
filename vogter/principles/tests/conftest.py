# The local stand-in for an OpenAI-compatible server, for the assistant's pages.
from vogter.llm.tests.conftest import _no_proxy, assistant_on, llm_server  # noqa: F401
