# Zalo channel (English).
zalo-choose-hint = Reply with the number or type the choice.
zalo-document-link = Download { $name }: { $url }
zalo-document-unavailable = The file { $name } cannot be sent over Zalo; please ask an admin for it.
zalo-sticker-reply = Thank you! The bot reads only text and pictures. Type "help" to see what it can do.
zalo-unsupported-reply = Sorry, the bot cannot read this kind of message yet. Please send it again as text or a picture.
