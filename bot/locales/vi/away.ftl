# /away: a focal point's leave (issue 14).
cmd-away = Báo nghỉ phép: /away 05/01-12/01, /away off để kết thúc
away-usage = Cách dùng: /away 05/01-12/01 (hoặc /away 05/01/2027-12/01/2027, hoặc "nghỉ phép từ 05/01 đến 12/01"); /away để xem; /away off để kết thúc sớm.
away-none = Anh/chị không có lịch nghỉ phép nào. Gõ /away 05/01-12/01 để báo nghỉ.
away-current = Anh/chị nghỉ phép từ { $first } đến { $last }, đi làm lại ngày { $back }. Trong thời gian này anh/chị không nhận nhắc việc. Gõ /away off để kết thúc sớm.
away-set = Đã ghi nhận: anh/chị nghỉ phép từ { $first } đến { $last }, đi làm lại ngày { $back }. Trong thời gian này nhắc việc được gửi cho cán bộ đầu mối khác của cơ quan; nếu không còn ai, cán bộ điều phối được báo. Gõ /away off để kết thúc sớm.
away-ended = Đã kết thúc nghỉ phép: anh/chị nhận nhắc việc trở lại từ hôm nay ({ $back }).
away-bad-date = Ngày không đúng (ví dụ đúng: 05/01 hoặc 05/01/2027).
away-backwards = Ngày bắt đầu nghỉ phải trước ngày kết thúc.
away-past = Kỳ nghỉ này đã qua.
away-too-long = Kỳ nghỉ dài quá một năm.
reminder-covering = Anh/chị nhận nhắc việc thay anh/chị { $name } đang nghỉ đến { $until }.
away-notice-title = Cán bộ đầu mối nghỉ phép
away-notice-body = Anh/chị { $name } ({ $agency }) nghỉ phép từ { $first } đến { $last }; { $agency } không còn cán bộ đầu mối nào khác nhận nhắc việc trong thời gian này. Xin anh/chị theo dõi trực tiếp hoặc mời thêm cán bộ đầu mối.
reminders-kind-away = báo nghỉ phép
