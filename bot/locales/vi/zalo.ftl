# Zalo channel (Vietnamese, the default).
zalo-choose-hint = Trả lời bằng số thứ tự hoặc gõ nội dung lựa chọn.
zalo-document-link = Tải tệp { $name }: { $url }
zalo-document-unavailable = Tệp { $name } chưa gửi được qua Zalo; anh/chị vui lòng liên hệ quản trị viên để nhận tệp.
zalo-sticker-reply = Cảm ơn anh/chị! Bot chỉ đọc được tin nhắn chữ và ảnh. Gõ "help" để xem hướng dẫn.
zalo-unsupported-reply = Xin lỗi, bot chưa đọc được loại tin nhắn này. Anh/chị vui lòng gửi lại bằng chữ hoặc ảnh.
