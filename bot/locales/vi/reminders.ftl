# Reminders, escalations and the reminders/plans CLI (Vietnamese, the default).
reminder-title = Nhắc báo cáo: Kế hoạch { $plan }
reminder-deadline-title = Hôm nay là hạn báo cáo: Kế hoạch { $plan }
reminder-day-off = Lưu ý: ngày { $due } là ngày nghỉ ({ $day_off }).
reminder-weekend = cuối tuần
reminder-late-title = Đã quá hạn báo cáo: Kế hoạch { $plan }
reminder-nudge-title = Đôn đốc báo cáo: Kế hoạch { $plan }
reminder-task-line = • { $code }. { $content }
reminder-update-button = Cập nhật { $code }
reminder-snooze-button = Nhắc lại sau 1 ngày
reminder-mute-button = Tắt nhắc sớm
escalation-title = Đơn vị chưa báo cáo: Kế hoạch { $plan }
escalation-line = • { $agency }: { $tasks } nhiệm vụ
escalation-footer = Gõ /nudge để đôn đốc tất cả các đơn vị này.
unreachable-title = Không gửi được nhắc việc
unreachable-body = Không gửi được tin nhắn cho { $person } ({ $agency }): người dùng đã chặn bot hoặc rời cuộc trò chuyện. Xin liên hệ trực tiếp hoặc mời cán bộ khác.
reminders-preview-title = Tin nhắn sẽ gửi trong { $days } ngày tới
reminders-preview-empty = Không có tin nhắn nào sẽ gửi trong { $days } ngày tới.
reminders-col-when = Thời điểm
reminders-col-kind = Loại
reminders-col-to = Người nhận
reminders-col-plan = Kế hoạch
reminders-col-period = Kỳ báo cáo
reminders-col-count = Số việc
reminders-col-error = Lỗi
reminders-col-attempts = Số lần thử
reminders-failed-title = Tin nhắn gửi không thành công
reminders-failed-empty = Không có tin nhắn nào gửi lỗi.
reminders-kind-reminder = nhắc sớm
reminders-kind-deadline = đến hạn
reminders-kind-escalation = tổng hợp chậm
reminders-kind-late = quá hạn
reminders-kind-nudge = đôn đốc
reminders-kind-unreachable = không liên lạc được
plans-list-title = Các kế hoạch
plans-list-empty = Chưa có kế hoạch nào.
plans-col-number = Số kế hoạch
plans-col-title = Tên
plans-col-tasks = Số nhiệm vụ
plans-col-rules = Quy định báo cáo
plans-col-next = Kỳ tới
plans-no-rule = chưa có
plans-unknown = Không tìm thấy kế hoạch { $plan }.
plans-bad-due = Ngày hạn "{ $value }" không đúng; ví dụ đúng: 15/01.
plans-bad-leads = Số ngày nhắc trước "{ $value }" không đúng; ví dụ đúng: 14,7,3,1,0.
plans-bad-agency = Không tìm thấy cơ quan "{ $value }".
plans-rule-saved = Đã lưu quy định báo cáo cho kế hoạch { $plan }: { $rule }. Kỳ tới: { $period }, hạn { $due }.
plans-rule-saved-no-period = Đã lưu quy định báo cáo cho kế hoạch { $plan }: { $rule }.
plans-rule-no-coordinator = ⚠ Kế hoạch { $plan } chưa có cơ quan đầu mối theo dõi: chưa ai dùng được /weekly, /overdue, /report, /nudge cho kế hoạch này và không ai nhận thông báo cơ quan chậm báo cáo. Chạy lại lệnh này, thêm --coordinator "TÊN CƠ QUAN ĐẦU MỐI".
rule-cadence-yearly = hằng năm
rule-cadence-six_monthly = 6 tháng
rule-cadence-quarterly = hằng quý
rule-cadence-monthly = hằng tháng
rule-cadence-weekly = hằng tuần
rule-cadence-once = một lần
rule-cadence-every_n_years = { $n } năm/lần
rule-due-relative = ngày { $day } sau kỳ
rule-due-default = mặc định
rule-summary = { $cadence }, hạn { $due }; nhắc trước { $leads } ngày lúc { $hour }; báo cáo chậm { $every } ngày/lần
task-deadline-title = Sắp đến hạn nhiệm vụ: Kế hoạch { $plan }
task-deadline-early = Các nhiệm vụ sau có hạn hoàn thành ngày { $due } (còn { $days } ngày), đơn vị còn { $count } nhiệm vụ chưa hoàn thành:
task-deadline-today = Các nhiệm vụ sau đến hạn hoàn thành ngày { $due }; đơn vị còn { $count } nhiệm vụ chưa hoàn thành:
reminders-kind-task_reminder = nhắc hạn nhiệm vụ
reminders-kind-task_deadline = hạn nhiệm vụ

## dondoc plans close-period
plans-unknown-period = Kế hoạch không có kỳ “{ $period }”. Các kỳ đã có: { $known }
plans-period-closed = Đã đóng kỳ { $period } của kế hoạch { $plan }: các báo cáo còn thiếu của kỳ này không còn được nhắc.
plans-period-reopened = Đã mở lại kỳ { $period } của kế hoạch { $plan }: các báo cáo còn thiếu lại được nhắc.

# Reminders part (issue 10): wording that follows the send date, late chasing, explanations.
reminder-due = Hạn báo cáo: { $weekday }, { $due }{ $off ->
        [yes] {" "}({ $day_off })
       *[no] {""}
    }, còn { $days } ngày{ $last ->
        [yes] ; hôm nay là ngày làm việc cuối cùng trước hạn.
       *[no] .
    }
reminder-due-today = Hôm nay ({ $weekday }, { $due }) là hạn báo cáo.
reminder-due-runs-to = Hạn báo cáo: { $weekday }, { $due }, rơi vào ngày nghỉ nên báo cáo gửi đến hết { $runs_weekday }, { $runs_to } vẫn đúng hạn.
reminder-overdue = Hạn báo cáo: { $weekday }, { $due }; đã quá hạn { $days } ngày.
reminder-count = Kỳ báo cáo { $period }: đơn vị còn { $count } nhiệm vụ chưa cập nhật:
reminder-late-count = Kỳ báo cáo { $period }: đơn vị còn { $count } nhiệm vụ chưa cập nhật, đề nghị anh/chị cập nhật ngay:
reminder-nudge-intro = Cơ quan đầu mối đề nghị đơn vị cập nhật kỳ báo cáo { $period }.
escalation-body = Kỳ báo cáo { $period } đã hết hạn ngày { $due } (quá hạn { $late } ngày). Còn { $count } đơn vị chưa báo cáo:
escalation-all-reported = Kỳ báo cáo { $period } (hạn { $due }): các đơn vị đã báo cáo.
escalation-explanations = Yêu cầu giải trình quá hạn chưa trả lời ({ $count }):
escalation-explanation-line = • { $agency }: yêu cầu ngày { $requested }, hạn trả lời { $answer_due }
rule-due-missing = chưa có (chưa nhắc báo cáo; đặt bằng dondoc plans rule … --due)
