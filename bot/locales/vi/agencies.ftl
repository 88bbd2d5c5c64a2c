# Danh mục cơ quan (dondoc agencies …)
agencies-error-empty = Tên cơ quan không được để trống.
agencies-error-exists = Danh mục đã có "{ $name }" (là { $existing }).
agencies-error-alias-taken = Cách viết "{ $alias }" đã thuộc về { $existing }.
agencies-error-unknown = Danh mục không có cơ quan "{ $name }". Xem danh sách: dondoc agencies list
agencies-error-self-merge = Không thể sáp nhập { $name } vào chính nó.
agencies-added = Đã thêm cơ quan { $name }.
agencies-alias-added = Đã thêm cách viết "{ $alias }" cho { $name }.
agencies-merged = { $old } đã được sáp nhập vào { $new }; nhiệm vụ của { $old } sẽ do đầu mối của { $new } theo dõi.
agencies-col-name = Tên
agencies-col-short = Tên ngắn
agencies-col-kind = Loại
agencies-col-status = Trạng thái
agencies-col-successor = Sáp nhập vào
agencies-status-active = đang hoạt động
agencies-status-inactive = đã sáp nhập
agencies-status-unverified = chưa xác minh
agencies-title = Danh mục cơ quan ({ $count })
