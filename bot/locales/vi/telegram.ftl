# Telegram channel (Vietnamese, the default).
telegram-unsupported = Xin lỗi, tôi chỉ đọc được tin nhắn chữ, tệp và ảnh. Gõ /help để xem tôi có thể làm gì.
telegram-button-expired = Nút này đã cũ. Xin gõ lại lệnh để có nút mới.
telegram-not-your-question = Câu hỏi này dành cho người khác. Gõ lệnh của anh/chị để có câu hỏi riêng.
