# Chat core: enrolment, commands and the status-update form (Vietnamese, the default).

## Strangers and enrolment
stranger = Xin chào! Bot này dành cho cán bộ đầu mối đã được mời. Vui lòng liên hệ quản trị viên (cơ quan đầu mối theo dõi kế hoạch) để nhận mã mời, rồi gửi: /start <mã mời>.
start-again = Xin chào { $name }! Gõ /help để xem các việc anh/chị có thể làm.
start-in-private = Vui lòng gửi mã mời trong tin nhắn riêng với bot, không gửi trong nhóm.
start-code-unknown = Mã mời không đúng. Vui lòng kiểm tra lại hoặc xin quản trị viên mã mới.
start-code-used = Mã mời này đã được sử dụng. Mỗi mã chỉ dùng được một lần: vui lòng xin quản trị viên mã mới.
start-code-expired = Mã mời này đã hết hạn. Vui lòng xin quản trị viên mã mới.
start-welcome = Chào mừng anh/chị! Anh/chị đã được đăng ký là { $role } của { $agency }. Gõ /tasks để xem nhiệm vụ, /update để báo cáo tiến độ, /help để xem hướng dẫn.

## Roles and languages
role-admin = quản trị viên
role-coordinator = cán bộ điều phối
role-focal = cán bộ đầu mối
language-vi = Tiếng Việt
language-en = Tiếng Anh

## Account
whoami = Tên: { $name }
    Vai trò: { $role }
    Cơ quan: { $agency }
    Ngôn ngữ: { $language }
lang-usage = Ngôn ngữ hiện tại: { $current }. Đổi bằng: /lang vi hoặc /lang en
lang-set = Đã chuyển ngôn ngữ sang { $language }.
leave-not-enrolled = Anh/chị chưa được đăng ký.
leave-done = Anh/chị đã rời khỏi danh sách đầu mối và sẽ không nhận nhắc việc nữa. Cảm ơn anh/chị!
cancel-nothing = Không có biểu mẫu nào đang mở.
snoozed = Đã tạm dừng nhắc việc đến { $until }.
muted-early = Đã tắt các nhắc việc sớm; anh/chị vẫn nhận nhắc vào ngày đến hạn và khi quá hạn.
not-understood = Tôi chưa hiểu ý anh/chị. Gõ /help để xem các lệnh.
unknown-command = Không có lệnh /{ $command }. Gõ /help để xem các lệnh.
not-allowed-command = Anh/chị không có quyền dùng lệnh /{ $command }.
not-allowed = Anh/chị không có quyền thực hiện việc này.
error-retry = Đã có lỗi xảy ra. Xin vui lòng thử lại.

## Help and the command menu
help-title = Anh/chị là { $role }. Các lệnh anh/chị có thể dùng:
cmd-start = Bắt đầu, nhập mã mời
cmd-help = Hướng dẫn sử dụng
cmd-tasks = Nhiệm vụ của cơ quan tôi
cmd-update = Báo cáo tiến độ nhiệm vụ
cmd-cancel = Hủy biểu mẫu đang điền
cmd-deadlines = Các hạn báo cáo sắp tới
cmd-lang = Đổi ngôn ngữ (vi, en)
cmd-whoami = Thông tin của tôi
cmd-leave = Rời khỏi danh sách đầu mối
cmd-overdue = Cơ quan chưa báo cáo, quá hạn
cmd-weekly = Tóm tắt tuần
cmd-report = Báo cáo kỳ (DOCX, XLSX, biểu đồ), theo khoảng ngày hoặc theo cơ quan
cmd-nudge = Nhắc ngay các cơ quan chưa báo cáo
cmd-import = Nhập kế hoạch từ tệp
cmd-invite = Tạo mã mời
cmd-people = Danh sách người dùng, thu hồi

## Forms in general
form-skip = Bỏ qua
form-back = Quay lại
form-cancel = Hủy
form-cancelled = Đã hủy. Không có gì được lưu.
form-pick-one = Vui lòng chọn một trong các lựa chọn bên dưới.
form-need-text = Vui lòng trả lời bằng một tin nhắn văn bản.
form-typed-choices = Hoặc gõ bằng chữ: { $words }
form-number-not-offered = Không có lựa chọn số { $number }. Anh/chị chọn một số từ 1 đến { $count }, hoặc trả lời bằng chữ.
form-number-as-text = (Nếu câu trả lời chỉ là một con số trùng với số thứ tự bên dưới, hãy gõ số đó trong ngoặc kép, ví dụ "2".)
form-cannot-skip = Câu hỏi này không bỏ qua được. Anh/chị vui lòng trả lời, hoặc gõ /cancel để hủy.
form-skip-nothing = Không có câu hỏi nào đang chờ để bỏ qua.
form-page-previous = « Trang trước
form-page-next = Trang sau »
form-idle-nudge = Anh/chị đang điền dở một biểu mẫu. Hãy trả lời câu hỏi cuối cùng để tiếp tục, hoặc gõ /cancel để hủy. Bản nháp được giữ lại.

## The status-update form
update-ask-assignment = Anh/chị muốn báo cáo nhiệm vụ nào? ({ $count } nhiệm vụ, trang { $page }/{ $pages })
update-not-yours = Nhiệm vụ này không thuộc cơ quan của anh/chị.
update-ask-status = Nhiệm vụ { $code }: { $content }
    Tình trạng thực hiện?
status-not-started = Chưa triển khai
status-in-progress = Đang thực hiện
status-done = Hoàn thành
status-blocked = Gặp khó khăn, vướng mắc
update-ask-percent = Đã hoàn thành bao nhiêu phần trăm? (ví dụ: 70 hoặc 70%)
update-percent-invalid = "{ $given }" không phải là tỷ lệ phần trăm hợp lệ: hãy nhập một số nguyên từ 0 đến 100, ví dụ 70 hoặc 70%.
update-too-long = Nội dung quá dài ({ $length } ký tự); tối đa { $limit } ký tự. Vui lòng rút gọn.
update-ask-result = Kết quả đã thực hiện? (bắt buộc, tối đa { $limit } ký tự)
update-ask-obstacles = Khó khăn, vướng mắc? (gõ "bỏ qua" nếu không có)
update-ask-proposals = Đề xuất, kiến nghị? (gõ "bỏ qua" nếu không có)
update-ask-attachment = Gửi kèm tệp hoặc ảnh minh chứng? (gõ "bỏ qua" nếu không có)
update-attachment-needed = Vui lòng gửi một tệp hoặc ảnh, hoặc chọn Bỏ qua.
update-summary-title = Báo cáo nhiệm vụ { $code }: { $content }
update-summary-period = Kỳ báo cáo: { $period }
update-summary-status = Tình trạng: { $status }
update-summary-percent = Tiến độ: { $percent }%
update-summary-result = Kết quả: { $text }
update-summary-none = (không có)
update-summary-obstacles = Khó khăn, vướng mắc: { $text }
update-summary-proposals = Đề xuất, kiến nghị: { $text }
update-summary-attachment = Tệp đính kèm: { $name }
update-file-document = tệp
update-file-photo = ảnh
update-already-reported = Cơ quan của anh/chị đã báo cáo nhiệm vụ này ngày { $date }. Anh/chị có thể sửa rồi gửi lại: báo cáo mới sẽ là một phiên bản mới, bản cũ vẫn được lưu.
update-ask-confirm = Gửi báo cáo này?
update-submit = Gửi
update-edit = Sửa một mục
update-ask-edit = Anh/chị muốn sửa mục nào?
update-field-status = Tình trạng
update-field-percent = Tiến độ (%)
update-field-result = Kết quả
update-field-obstacles = Khó khăn
update-field-proposals = Đề xuất
update-field-attachment = Tệp đính kèm
update-no-agency = Anh/chị chưa gắn với cơ quan nào nên không có nhiệm vụ để báo cáo.
update-no-tasks = Cơ quan của anh/chị không chủ trì nhiệm vụ nào cần báo cáo.
update-saved = Đã lưu báo cáo nhiệm vụ { $code } (phiên bản { $version }). Cảm ơn anh/chị!
update-saved-late = Đã lưu báo cáo nhiệm vụ { $code } (phiên bản { $version }), ghi nhận là báo cáo muộn vì đã quá hạn. Cảm ơn anh/chị!
update-draft-resumed = Tiếp tục bản nháp anh/chị đang điền dở.
update-switch-ask = Anh/chị đang điền dở báo cáo nhiệm vụ { $code }: tiếp tục báo cáo đó, hay bắt đầu báo cáo nhiệm vụ { $other }?
update-switch-keep = Tiếp tục báo cáo { $code }
update-switch-new = Bắt đầu báo cáo { $code }
update-unknown-code = Cơ quan của anh/chị không chủ trì nhiệm vụ nào có số "{ $code }". Gõ /tasks để xem số các nhiệm vụ.
update-one-line-usage = Cách báo cáo nhanh: /update <số nhiệm vụ> <phần trăm>% <kết quả>, ví dụ: /update 1.2 70% Đã tổ chức 2 hội thảo

## /tasks
tasks-title = Nhiệm vụ của cơ quan anh/chị:
tasks-none = Cơ quan của anh/chị không có nhiệm vụ nào trong các kế hoạch đang theo dõi.
tasks-plan = Kế hoạch { $plan }
tasks-plan-period = Kế hoạch { $plan } · { $period } (hạn báo cáo { $due })
tasks-coordinating = Nhiệm vụ phối hợp (chỉ xem):
tasks-last-status = { $status }, { $percent }% ({ $date })
tasks-not-reported = chưa báo cáo
tasks-update-button = Báo cáo { $code }

## Coordinators
plans-none = Anh/chị chưa theo dõi kế hoạch nào.
plans-pick = Kế hoạch nào?
weekly-full-text = Bản tóm tắt trên đã được rút gọn; toàn văn trong tệp này.
nudge-queued = Đã nhắc { $agencies } cơ quan ({ $people } người) chưa báo cáo kế hoạch { $plan }.
nudge-nothing-missing = Không có cơ quan nào còn thiếu báo cáo kế hoạch { $plan }.
nudge-unreached = Chưa nhắc được { $count } cơ quan vì chưa có cán bộ đầu mối nào đăng ký (hoặc không liên lạc được): { $names }. Quản trị viên tạo mã mời:
nudge-away = Chưa nhắc { $agency }: cán bộ đầu mối { $person } đang nghỉ phép, trở lại làm việc ngày { $back }.
nudge-invite = dondoc invite --agency "{ $agency }" --role focal
report-range-invalid = Khoảng thời gian “{ $range }” không hợp lệ: cần dạng ngày/tháng/năm-ngày/tháng/năm, ngày đầu trước ngày cuối, ví dụ 01/01/2026-30/06/2026.
report-agency-unknown = Không tìm thấy cơ quan “{ $name }” trong số các cơ quan chủ trì nhiệm vụ của kế hoạch { $plan }. Các cơ quan: { $agencies }.
report-unknown = Không tìm thấy kỳ báo cáo hay cơ quan nào tên “{ $name }” trong kế hoạch { $plan }. Các kỳ báo cáo: { $periods }. Các cơ quan chủ trì: { $agencies }.
report-pick-typed = Chọn một kế hoạch để lấy báo cáo chung của kế hoạch đó, hoặc gõ lại kèm số kế hoạch, ví dụ: { $example }
deadlines-none = Không có hạn báo cáo nào sắp tới.
deadlines-title = Các hạn báo cáo sắp tới:
deadlines-line = • { $date }: { $plan } · { $what }

## Admins
invite-usage = Cách dùng: /invite focal <tên cơ quan> hoặc /invite coordinator <tên cơ quan>
invite-unknown-agency = Không tìm thấy cơ quan "{ $name }". Vui lòng kiểm tra lại tên.
invite-created = Mã mời { $role } của { $agency }: { $code }
    Dùng được một lần, hết hạn ngày { $expires }. Người được mời gửi cho bot: /start { $code }
invite-link = Hoặc mở liên kết: { $link }
people-title = Người dùng đang hoạt động ({ $count }):
people-line = #{ $id } { $name } · { $role } · { $agency } · { $channel }
people-none = Chưa có người dùng nào.
people-revoke-usage = Thu hồi quyền: /people revoke <số>
people-unknown = Không có người dùng đang hoạt động số { $id }.
people-revoked = Đã thu hồi quyền của { $name }.

## /import
chat-import-ask-file = Gửi tệp kế hoạch (DOCX, XLSX hoặc CSV) để xem trước.
chat-import-need-file = Vui lòng gửi tệp kế hoạch (DOCX, XLSX hoặc CSV).
chat-import-no-download = Kênh này không nhận được tệp. Hãy dùng lệnh: dondoc import <tệp>
chat-import-too-big = Tệp quá lớn: tối đa { $limit } byte.
chat-import-ask-number = Tệp không ghi số kế hoạch. Vui lòng gửi số kế hoạch, ví dụ: 457/KH-UBND
chat-import-ask-confirm = Áp dụng kế hoạch này?
chat-import-confirm = Xác nhận
chat-import-not-applied = Chưa áp dụng được kế hoạch: còn tên cơ quan chưa xác định.
chat-import-applied = Đã nhập kế hoạch.
chat-import-full-preview = Bản xem trước đầy đủ (từng nhiệm vụ, cơ quan và lưu ý).
chat-import-decide = Tên cơ quan chưa có trong danh mục ({ $index }/{ $count }): "{ $name }" ({ $places }).
    Anh/chị xử lý tên này thế nào?
chat-import-decide-near = Là { $agency }
chat-import-decide-new = Một cơ quan mới
chat-import-decide-group = Một nhóm cơ quan, không phải một cơ quan
chat-import-decide-skip = Bỏ qua tên này
chat-import-decisions = Anh/chị đã quyết định:
chat-import-decided-near = "{ $name }" là { $agency }
chat-import-decided-new = "{ $name }": cơ quan mới (chưa xác minh)
chat-import-decided-group = "{ $name }": nhóm cơ quan
chat-import-decided-skip = "{ $name }": bỏ qua, không giao cho ai

## Console demo
console-welcome = dondoc: bản chạy thử trên dòng lệnh. Anh/chị đang là { $who }. Gõ /help để xem lệnh; /as admin, /as coordinator, /as focal "<tên cơ quan>" để đổi vai; /clock +7d để dời đồng hồ; /file <đường dẫn> để gửi tệp; /quit để thoát.
console-as-usage = Cách dùng: /as admin | /as coordinator ["<tên cơ quan>"] | /as focal "<tên cơ quan>"
console-as-done = Anh/chị đang là { $who }.
console-clock = Đồng hồ chạy thử: { $now }
console-clock-usage = Cách dùng: /clock +7d, /clock +3h, /clock -1d, /clock 18/01/2027 09:00 hoặc /clock reset
console-file-missing = Không có tệp { $path }
console-demo-loaded = Đã nạp kế hoạch mẫu Quảng Nam ({ $tasks } nhiệm vụ).
weekly-on = Từ nay anh/chị sẽ nhận tóm tắt tuần tự động vào mỗi tuần. Gõ /weekly tắt để thôi nhận.
weekly-off = Anh/chị sẽ không nhận tóm tắt tuần tự động nữa; vẫn có thể gõ /weekly bất cứ lúc nào. Gõ /weekly bật để nhận lại.

## After the deadline: overdue periods, late reports, explanation requests
tasks-plan-period-overdue = Kế hoạch { $plan } · { $period } (hạn báo cáo { $due }) — QUÁ HẠN { $days } ngày, còn thiếu:
tasks-update-button-overdue = { $code } ({ $period })
update-period-overdue = Anh/chị đang báo cáo cho kỳ { $period } (hạn { $due }, đã quá hạn { $days } ngày).
update-period-current = Anh/chị đang báo cáo cho kỳ { $period } (hạn { $due }).
update-other-period = Báo cáo cho kỳ { $period }
update-saved-late-days = Đã lưu báo cáo nhiệm vụ { $code } cho kỳ { $period } (phiên bản { $version }), ghi nhận nộp muộn { $days } ngày. Cảm ơn anh/chị!
form-stale-choice = Lựa chọn này đã cũ hoặc không hợp lệ. Anh/chị vui lòng chọn lại từ tin nhắn mới nhất.
cmd-explain = Yêu cầu hoặc trả lời giải trình việc chậm báo cáo
explain-usage = Cách dùng: /explain <tên cơ quan> [kỳ báo cáo], ví dụ: /explain "Sở Y tế" Năm 2026. Danh sách cơ quan chưa báo cáo: /overdue
explain-unknown-agency = “{ $name }” không có trong các cơ quan còn thiếu báo cáo của kế hoạch { $plan }. Xem /overdue.
explain-nothing-missing = { $agency } đã gửi đủ báo cáo kỳ { $period }; không cần giải trình.
explain-no-overdue = Kế hoạch { $plan } không có kỳ báo cáo quá hạn nào còn thiếu báo cáo.
explain-period-unknown = Không có kỳ “{ $period }” trong các kỳ quá hạn còn thiếu báo cáo: { $known }
explain-sent = Đã gửi yêu cầu giải trình tới { $agency } về kỳ { $period } ({ $people } người nhận); hạn trả lời { $due }.
explain-resent = { $agency } chưa trả lời yêu cầu giải trình kỳ { $period } (gửi ngày { $date }); đã nhắc lại ({ $people } người nhận), hạn trả lời { $due }.
explain-just-sent = Yêu cầu giải trình tới { $agency } về kỳ { $period } vừa được gửi lúc { $time }; không gửi lại để cán bộ đầu mối không nhận trùng. Hạn trả lời { $due }.
explain-nobody = Đã ghi nhận yêu cầu giải trình tới { $agency } về kỳ { $period }, nhưng cơ quan này chưa có cán bộ đầu mối nào đăng ký nên chưa ai nhận được. Quản trị viên tạo mã mời: dondoc invite --agency "{ $agency }" --role focal
explain-notice = { $coordinator } đề nghị { $agency } giải trình việc chưa gửi báo cáo kỳ { $period } của Kế hoạch { $plan } (hạn { $due }, đã quá hạn { $days } ngày; còn thiếu: { $codes }). Anh/chị vui lòng trả lời trước ngày { $answer }: lý do và thời gian dự kiến hoàn thành.
explain-answer-button = Trả lời giải trình
explain-ask-button = Yêu cầu giải trình: { $agency }
explain-none-open = Cơ quan của anh/chị không có yêu cầu giải trình nào đang chờ trả lời.
explain-pick = Cơ quan của anh/chị có { $count } yêu cầu giải trình đang chờ trả lời. Anh/chị trả lời yêu cầu nào?
explain-pick-line = { $plan } · { $period }
explain-not-yours = Yêu cầu giải trình này không dành cho cơ quan của anh/chị.
explain-ask-reason = Giải trình việc chưa gửi báo cáo kỳ { $period } (Kế hoạch { $plan }). Anh/chị cho biết lý do (tối đa { $limit } ký tự):
explain-ask-expected = Anh/chị dự kiến gửi báo cáo (hoàn thành) vào ngày nào? Nhập ngày dạng dd/mm/yyyy, ví dụ { $example }.
explain-bad-date = “{ $given }” không phải một ngày hợp lệ từ hôm nay trở đi. Anh/chị nhập ngày dạng dd/mm/yyyy, ví dụ { $example }.
explain-ask-attachment = Anh/chị có thể gửi kèm một tệp (văn bản giải trình), hoặc chọn Bỏ qua.
explain-summary = Giải trình kỳ { $period } (Kế hoạch { $plan }):
    Lý do: { $reason }
    Dự kiến hoàn thành: { $expected }
explain-ask-confirm = Anh/chị gửi giải trình này?
explain-saved = Đã gửi giải trình kỳ { $period } tới cơ quan đầu mối. Cảm ơn anh/chị!
explain-answered = { $agency } đã giải trình việc chậm báo cáo kỳ { $period } (Kế hoạch { $plan }): { $reason }. Dự kiến hoàn thành: { $expected }.
explain-field-reason = Lý do
explain-field-expected = Ngày dự kiến
explain-field-attachment = Tệp đính kèm
explain-coordinating-department = Cơ quan đầu mối
unknown-command-guess = Không có lệnh /{ $command }. Ý anh/chị là /{ $guess }?
start-welcome-coordinator = Chào mừng anh/chị! Anh/chị đã được đăng ký là { $role } của { $agency }. Gõ /weekly để xem tổng hợp tuần, /overdue để xem cơ quan chưa báo cáo, /report để lấy báo cáo kỳ, /nudge để nhắc các cơ quan chưa báo cáo, /help để xem hướng dẫn.
start-welcome-coordinator-no-plan = Chào mừng anh/chị! Anh/chị đã được đăng ký là { $role } của { $agency }. Hiện { $agency } chưa là cơ quan đầu mối của kế hoạch nào nên chưa có gì để theo dõi: /weekly, /overdue, /report và /nudge sẽ dùng được khi quản trị viên dondoc (người gửi mã mời cho anh/chị) giao kế hoạch cho { $agency } theo dõi. Gõ /help để xem hướng dẫn.

# web dashboard (/dashboard)
cmd-dashboard = Bảng điều khiển trên web
dashboard-link = Mở bảng điều khiển: { $url }
    Đường dẫn dùng được một lần trong { $minutes } phút; đừng chuyển cho người khác.
dashboard-open-app = Mở bảng điều khiển
