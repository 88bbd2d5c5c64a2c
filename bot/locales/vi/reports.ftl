# Báo cáo và tổng hợp cho cơ quan đầu mối (tiếng Việt).

## Tình trạng và phân loại nhiệm vụ (cách Văn phòng Chính phủ tổng hợp)
reports-status-not-started = Chưa triển khai
reports-status-in-progress = Đang thực hiện
reports-status-done = Đã hoàn thành
reports-status-blocked = Có khó khăn, vướng mắc
reports-status-none = Chưa báo cáo
reports-outcome-done-on-time = Hoàn thành đúng hạn
reports-outcome-done-late = Hoàn thành quá hạn
reports-outcome-pending-in-time = Chưa hoàn thành, trong hạn
reports-outcome-pending-overdue = Chưa hoàn thành, quá hạn
reports-on-time-yes = Đúng hạn
reports-on-time-late-days = Trễ hạn { $days } ngày
reports-on-time-missing = Chưa báo cáo
reports-merged-into = { $old } (nay là { $new })
reports-more = … và { $count } mục khác
reports-deadline = hạn { $date }
reports-rate-line = Đã nhận { $received }/{ $expected } báo cáo ({ $rate }); đúng hạn: { $ontime }.

## Tổng hợp tuần
reports-weekly-title = TỔNG HỢP TUẦN – Kế hoạch { $plan }
reports-weekly-range = Tuần qua ({ $days } ngày): từ { $start } đến { $end }
reports-weekly-period = Kỳ báo cáo: { $period } (hạn { $due })
reports-weekly-received = Cập nhật nhận được trong tuần: { $count }
reports-weekly-nothing = Không có cập nhật nào trong tuần.
reports-weekly-completed = Nhiệm vụ mới hoàn thành: { $count }
reports-weekly-obstacles = Khó khăn, vướng mắc mới: { $count }
reports-weekly-proposals = Đề xuất, kiến nghị mới: { $count }
reports-weekly-overdue = Nhiệm vụ quá hạn chưa hoàn thành: { $count }
reports-weekly-silent = Cơ quan chưa báo cáo kỳ này: { $count }

## /overdue
reports-overdue-title = NHIỆM VỤ QUÁ HẠN – Kế hoạch { $plan } (ngày { $date })
reports-overdue-none = Không có nhiệm vụ nào quá hạn.
reports-overdue-count = Có { $count } nhiệm vụ quá hạn chưa hoàn thành:

## Biểu đồ
reports-chart-progress = Tiến độ trung bình theo cơ quan (%)
reports-chart-reports = Báo cáo kỳ này
reports-chart-reported = Đã báo cáo
reports-chart-not-reported = Chưa báo cáo
reports-chart-none = (chưa có cơ quan chủ trì)

## Lỗi
reports-error-no-plan = Không tìm thấy kế hoạch { $plan }.
reports-error-unknown-plan = Không có kế hoạch số “{ $plan }”. Các kế hoạch hiện có: { $known }.
reports-error-unknown-period = Kế hoạch không có kỳ báo cáo “{ $period }”. Các kỳ hiện có: { $known }.

## Báo cáo kỳ: tin nhắn kèm tệp
reports-file-prefix = bao cao
reports-summary-title = BÁO CÁO KẾT QUẢ THỰC HIỆN Kế hoạch { $plan }
reports-summary-all-periods = Tất cả cập nhật đến ngày { $date }
reports-summary-nothing = Chưa nhận được báo cáo nào trong kỳ.
reports-summary-outcomes = Hoàn thành đúng hạn: { $doneontime }; hoàn thành quá hạn: { $donelate }; chưa hoàn thành trong hạn: { $intime }; chưa hoàn thành quá hạn: { $overdue }.
reports-summary-never = Số cơ quan chưa từng báo cáo: { $count }.

## Báo cáo kỳ: văn bản Word (Nghị định 30/2020/NĐ-CP)
reports-docx-motto = CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
reports-docx-motto-line = Độc lập - Tự do - Hạnh phúc
reports-docx-number = Số:      /BC-……
reports-docx-place-date = { $place }, ngày { $day } tháng { $month } năm { $year }
reports-docx-title = BÁO CÁO
reports-docx-subtitle = Kết quả thực hiện Kế hoạch số { $number }
reports-docx-subtitle-date = ngày { $date }
reports-docx-subtitle-issuer = của { $issuer }
reports-docx-period = Kỳ báo cáo: { $period } (từ { $start } đến { $end }; hạn báo cáo { $due })
reports-docx-period-all = Tổng hợp các cập nhật đến ngày { $date }
reports-docx-part-general = I. TÌNH HÌNH CHUNG VÀ KẾT QUẢ THỰC HIỆN
reports-docx-part-results = Kết quả thực hiện theo nhóm nhiệm vụ:
reports-docx-part-obstacles = II. TỒN TẠI, HẠN CHẾ, KHÓ KHĂN, VƯỚNG MẮC
reports-docx-part-proposals = III. ĐỀ XUẤT, KIẾN NGHỊ
reports-docx-general-tasks = Kế hoạch có { $tasks } nhiệm vụ, giao { $agencies } cơ quan chủ trì; số báo cáo phải nộp trong kỳ: { $expected }.
reports-docx-general-rate = Đã nhận { $received }/{ $expected } báo cáo (tỷ lệ { $rate }), trong đó { $ontime } báo cáo đúng hạn (tỷ lệ { $ontimerate }).
reports-docx-general-outcomes = Kết quả: { $doneontime } nhiệm vụ hoàn thành đúng hạn; { $donelate } nhiệm vụ hoàn thành quá hạn; { $intime } nhiệm vụ chưa hoàn thành nhưng còn trong hạn; { $overdue } nhiệm vụ chưa hoàn thành và đã quá hạn.
reports-docx-general-never = Có { $count } cơ quan chưa từng báo cáo: { $names }.
reports-docx-nothing-received = Trong kỳ chưa nhận được báo cáo nào của các cơ quan chủ trì.
reports-docx-no-section = Nhiệm vụ khác
reports-docx-lead-line = cập nhật gần nhất ({ $code }, ngày { $date }): { $status }; { $result }
reports-docx-lead-tasks = { $tasks } nhiệm vụ, đã hoàn thành { $done }
reports-docx-group-summary = { $tasks } nhiệm vụ: { $doneontime } hoàn thành đúng hạn, { $donelate } hoàn thành quá hạn, { $intime } chưa hoàn thành trong hạn, { $overdue } chưa hoàn thành quá hạn.
reports-docx-lead-missing = chưa có cập nhật.
reports-docx-no-obstacles = Các cơ quan không báo cáo khó khăn, vướng mắc.
reports-docx-no-proposals = Các cơ quan không có đề xuất, kiến nghị.
reports-docx-closing = Trên đây là báo cáo kết quả thực hiện Kế hoạch, kính báo cáo./.
reports-docx-recipients = Nơi nhận:
reports-docx-recipient-issuer = { $issuer } (b/c);
reports-docx-recipient-agencies = Các cơ quan, đơn vị liên quan;
reports-docx-recipient-archive = Lưu: VT.
reports-docx-signer-title = GIÁM ĐỐC
reports-docx-signature-hint = (Ký, ghi rõ họ tên)
reports-docx-appendix-title = PHỤ LỤC: TIẾN ĐỘ THỰC HIỆN CÁC NHIỆM VỤ
reports-docx-col-no = STT
reports-docx-col-task = Nhiệm vụ
reports-docx-col-agency = Cơ quan chủ trì
reports-docx-col-status = Tình trạng
reports-docx-col-percent = Tiến độ
reports-docx-col-result = Kết quả cập nhật gần nhất
reports-docx-col-date = Ngày cập nhật
reports-docx-col-on-time = Báo cáo đúng hạn

## Báo cáo kỳ: bảng tính Excel
reports-xlsx-sheet-summary = Tổng hợp
reports-xlsx-sheet-tasks = Nhiệm vụ
reports-xlsx-title = Kết quả thực hiện Kế hoạch { $number }
reports-xlsx-all-periods = Tất cả các kỳ
reports-xlsx-period = Kỳ báo cáo
reports-xlsx-as-of = Số liệu tính đến ngày
reports-xlsx-tasks = Số nhiệm vụ
reports-xlsx-expected = Số báo cáo phải nộp
reports-xlsx-received = Số báo cáo đã nhận
reports-xlsx-reporting-rate = Tỷ lệ báo cáo
reports-xlsx-on-time = Số báo cáo đúng hạn
reports-xlsx-on-time-rate = Tỷ lệ báo cáo đúng hạn
reports-xlsx-never-reported = Cơ quan chưa từng báo cáo
reports-xlsx-agency-name = Cơ quan chủ trì
reports-xlsx-agency-expected = Phải nộp
reports-xlsx-agency-received = Đã nhận
reports-xlsx-agency-rate = Tỷ lệ
reports-xlsx-agency-on-time = Đúng hạn
reports-xlsx-agency-on-time-rate = Tỷ lệ đúng hạn
reports-xlsx-agency-done = Đã hoàn thành
reports-xlsx-col-code = Mã
reports-xlsx-col-section = Nhóm nhiệm vụ
reports-xlsx-col-task = Nhiệm vụ
reports-xlsx-col-timeframe = Thời gian thực hiện
reports-xlsx-col-deadline = Thời hạn
reports-xlsx-col-agency = Cơ quan chủ trì
reports-xlsx-col-status = Tình trạng
reports-xlsx-col-percent = Tiến độ
reports-xlsx-col-result = Kết quả cập nhật gần nhất
reports-xlsx-col-obstacles = Khó khăn, vướng mắc
reports-xlsx-col-proposals = Đề xuất, kiến nghị
reports-xlsx-col-date = Ngày cập nhật
reports-xlsx-col-on-time = Báo cáo đúng hạn
reports-xlsx-col-outcome = Kết quả thực hiện

## Dòng lệnh: dondoc report
reports-cli-wrote = Đã ghi { $path }
reports-cli-weekly-queued = Đã xếp { $count } bản tổng hợp tuần vào hàng gửi.

## Phần báo cáo (issue 10): báo cáo trễ hạn, kỳ đã quá hạn, giải trình, ngày tính số liệu
reports-as-of = Số liệu tính đến ngày { $date }
reports-late-line = Trong đó { $count } báo cáo nộp trễ hạn: tính vào tỷ lệ báo cáo, không tính là đúng hạn.
reports-weekly-owed = Kỳ báo cáo đã quá hạn còn thiếu báo cáo: { $count }
reports-weekly-owed-period = { $period } (hạn { $due }, quá hạn { $days } ngày): còn thiếu { $missing }/{ $expected } báo cáo
reports-weekly-explanations = Yêu cầu giải trình: { $count }
reports-weekly-explanation-answered = { $agency } ({ $period }): đã giải trình ngày { $answered }: “{ $reason }”; dự kiến hoàn thành: { $expected }
reports-weekly-explanation-pending = { $agency } ({ $period }): chưa giải trình (yêu cầu ngày { $requested }, hạn trả lời { $due })
reports-weekly-explanation-late = { $agency } ({ $period }): chưa giải trình, đã quá hạn trả lời { $due } (yêu cầu ngày { $requested })
reports-docx-general-late = Có { $count } báo cáo nộp sau hạn (trễ hạn): được tính vào tỷ lệ báo cáo, không tính vào tỷ lệ đúng hạn.
reports-docx-explanations-title = PHỤ LỤC: CÁC YÊU CẦU GIẢI TRÌNH
reports-docx-explanations-none = Trong kỳ không có yêu cầu giải trình nào.
reports-docx-col-explaining-agency = Cơ quan
reports-docx-col-period = Kỳ báo cáo
reports-docx-col-requested = Ngày yêu cầu
reports-docx-col-answered = Ngày giải trình
reports-docx-col-reason = Lý do
reports-docx-col-expected = Ngày dự kiến hoàn thành
reports-explanation-pending = Chưa giải trình
reports-xlsx-sheet-explanations = Giải trình
reports-xlsx-late = Số báo cáo trễ hạn
reports-xlsx-agency-late = Trễ hạn
reports-xlsx-col-days-late = Số ngày trễ hạn
reports-xlsx-col-answer-due = Hạn giải trình
reports-cli-as-of-invalid = Ngày tính số liệu “{ $value }” không hợp lệ: cần dạng ngày/tháng/năm, ví dụ 18/01/2027.
reports-error-as-of-future = Ngày tính số liệu { $date } còn ở phía trước (hôm nay là { $today }): hãy chọn một ngày đã qua.
reports-selection-range = Các báo cáo gửi từ { $start } đến { $end }
reports-selection-agency = Cơ quan: { $agency }
reports-error-range-future = Khoảng thời gian bắt đầu ngày { $date }, còn ở phía trước (hôm nay là { $today }).
reports-error-which-plan = Hãy chọn kế hoạch bằng --plan. Các kế hoạch hiện có: { $known }.
reports-cli-to-without-from = --to cần đi kèm --from (ngày bắt đầu, dạng ngày/tháng/năm).

## /overdue: past-due periods still missing reports
reports-missing-title = CHƯA BÁO CÁO SAU HẠN – Kế hoạch { $plan } (ngày { $date })
reports-missing-period = Kỳ { $period } (hạn { $due }{ $days ->
        [0] {""}
       *[other] , quá hạn { $days } ngày
    }): { $missing }/{ $expected } cơ quan còn thiếu báo cáo
reports-missing-enrolled = { $count } cán bộ đầu mối
reports-missing-nobody = chưa có cán bộ đầu mối nào đăng ký
reports-missing-reminded = nhắc lần cuối { $date }
reports-missing-not-reminded = chưa được nhắc
reports-missing-explained = Đã giải trình ({ $date }): { $reason }; dự kiến hoàn thành { $expected }
reports-missing-explanation-asked = Đã yêu cầu giải trình ngày { $date }, hạn trả lời { $due }: chưa trả lời
reports-chart-caption = Mỗi nhiệm vụ, mỗi cơ quan chủ trì nộp một báo cáo trong kỳ (nhóm chung như "các sở, ngành liên quan" không tính). "Chưa báo cáo": số báo cáo phải nộp mà đến ngày { $date } chưa nhận được. Tiến độ trung bình: trung bình % hoàn thành theo báo cáo mới nhất của các nhiệm vụ, nhiệm vụ chưa báo cáo tính 0%.
