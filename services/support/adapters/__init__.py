"""Support's outside systems: the PDF of the completed-works act, the Telegram support bot."""
