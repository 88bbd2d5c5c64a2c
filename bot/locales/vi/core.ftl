# Core messages shared by every part of dondoc (Vietnamese, the default).
app-name = dondoc
error-generic = Đã có lỗi xảy ra. Xin vui lòng thử lại sau.
settings-error = Cấu hình chưa đúng: { $detail }
db-upgraded = Cơ sở dữ liệu đã được cập nhật đến phiên bản { $revision }.
db-downgraded = Cơ sở dữ liệu đã được hạ về phiên bản { $revision }.
yes = Có
no = Không
