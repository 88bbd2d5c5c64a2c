# Telegram channel (English).
telegram-unsupported = Sorry, I can only read text messages, files and photos. Type /help to see what I can do.
telegram-button-expired = This button is out of date. Please send the command again for new buttons.
telegram-not-your-question = This question is for someone else. Send your own command to get yours.
