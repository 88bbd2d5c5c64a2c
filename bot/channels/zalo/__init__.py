"""Zalo: the Zalo Bot API, polled or by webhook, for dondoc's own conversations."""

NAME = "zalo"  # the channel's name, stored in every `channel` column of its people and chats
