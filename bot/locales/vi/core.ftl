# Core messages shared by every part of dondoc (Vietnamese, the default).
app-name = dondoc
error-generic = Đã có lỗi xảy ra. Xin vui lòng thử lại sau.
settings-error = Cấu hình chưa đúng: { $detail }
db-upgraded = Cơ sở dữ liệu đã được cập nhật đến phiên bản { $revision }.
db-downgraded = Cơ sở dữ liệu đã được hạ về phiên bản { $revision }.
yes = Có
no = Không
run-already-running = dondoc đang chạy trên cơ sở dữ liệu { $database } (tiến trình { $pid }, khởi động lúc { $started }). Hãy dừng tiến trình đó trước khi chạy lại; các lệnh khác (import, report, …) vẫn dùng được.

## A deadline on a day off, and the working day it runs to (bot/periods/wording.py)
deadline-moved = { $due } (lùi đến { $weekday }, { $runs_to })
deadline-moved-inline = { $due }, lùi đến { $weekday } { $runs_to }
