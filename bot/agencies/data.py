"""The shipped registry of a province's agencies, as plans of the 2020s name them.

Names are province-neutral ("Cục Thuế tỉnh", not "Cục Thuế tỉnh Quảng Nam"): one dondoc serves one
province. `abbreviations` become aliases both alone ("KH&CN") and after the kind word ("Sở KH&CN").
`successor` names the body an old department was merged into in 2025 (Nghị định 45/2025/NĐ-CP and
the provinces' own resolutions); such departments are inactive but still found under their old
names, so a task of an old plan keeps the name the plan used. `patterns` are regular expressions
over the folded name (see `bot.agencies.names.name_key`) for names that vary with the province,
such as "Ban Quản lý Khu kinh tế Dung Quất và các Khu công nghiệp Quảng Ngãi".
Admins edit the stored registry with `dondoc agencies …`; this list only seeds it.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.db.models import AgencyKind


@dataclass(frozen=True)
class AgencySeed:
    name: str
    kind: AgencyKind
    short_name: str | None = None
    abbreviations: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    patterns: tuple[str, ...] = ()
    successor: str | None = None
    note: str | None = None


D = AgencyKind.DEPARTMENT
# A province's name after "tỉnh" ("Công an tỉnh Quảng Nam"): up to four words, none of which
# starts another agency (so "Công an tỉnh, Sở Y tế" is two names, not one).
PROVINCE = (
    r"(?: (?!(?:so|va|cac|ubnd|ban|cuc|bo|hoi|dai|bao|tinh|doan|lien|thanh tra|cong an|kho bac"
    r"|van phong|ngan hang|bao hiem|uy ban|truong|vien|trung tam|mat tran)\b)[a-z]+){1,4}"
)
# Words that may follow a name's fixed start, up to the next agency of a list: keys have no
# commas, so "Ban Quản lý Khu kinh tế, Sở Nội vụ" must stop where "so" begins another name.
_ANOTHER = (
    r"(?:va cac (?:so|don vi|co quan|nganh|doanh nghiep)|cac (?!khu )|so|ubnd|cong an|cuc"
    r"|uy ban|bql|to chuc chinh tri"
    r"|ban (?:quan ly|dan toc|chi dao)|thanh tra|kho bac|van phong|ngan hang nha nuoc"
    r"|bao hiem xa hoi|bo chi huy|hoi (?:nong dan|lien hiep|cuu chien binh|phu nu)"
    r"|lien (?:hiep|doan|minh)|tinh doan|bao tinh|dai phat thanh|truong dai hoc"
    r"|vien nghien cuu|trung tam|hiep hoi)\b"
)
_NOT_A_CONJUNCTION = r"(?: (?!" + _ANOTHER + r")\S+)*"

AGENCIES: tuple[AgencySeed, ...] = (
    # ---- departments after the 2025 reorganisation
    AgencySeed("Sở Nội vụ", D, "Nội vụ", ("NV",)),
    AgencySeed("Sở Tư pháp", D, "Tư pháp", ("TP",)),
    AgencySeed("Sở Tài chính", D, "Tài chính", ("TC",)),
    AgencySeed(
        "Sở Công Thương", D, "Công Thương", ("CT",), aliases=("Sở Công nghiệp và Thương mại",)
    ),
    AgencySeed("Sở Nông nghiệp và Môi trường", D, "Nông nghiệp và Môi trường", ("NN&MT", "NNMT")),
    AgencySeed("Sở Xây dựng", D, "Xây dựng", ("XD",)),
    AgencySeed("Sở Khoa học và Công nghệ", D, "Khoa học và Công nghệ", ("KH&CN", "KHCN")),
    AgencySeed(
        "Sở Văn hóa, Thể thao và Du lịch",
        D,
        "Văn hóa, Thể thao và Du lịch",
        ("VH-TT&DL", "VHTT&DL", "VHTTDL"),
        aliases=("Sở Văn hoá, Thể thao và Du lịch", "Sở Văn hóa - Thể thao và Du lịch"),
    ),
    AgencySeed("Sở Giáo dục và Đào tạo", D, "Giáo dục và Đào tạo", ("GD&ĐT", "GDĐT", "GD-ĐT")),
    AgencySeed("Sở Y tế", D, "Y tế", ("YT",)),
    AgencySeed("Sở Ngoại vụ", D, "Ngoại vụ"),
    AgencySeed("Sở Du lịch", D, "Du lịch", ("DL",)),
    AgencySeed("Sở Dân tộc và Tôn giáo", D, "Dân tộc và Tôn giáo", ("DT&TG",)),
    AgencySeed("Thanh tra tỉnh", D, "Thanh tra", aliases=("Thanh tra",)),
    AgencySeed(
        "Văn phòng UBND tỉnh",
        D,
        "VP UBND tỉnh",
        aliases=(
            "Văn phòng Ủy ban nhân dân tỉnh",
            "VP UBND tỉnh",
            "VPUB",
            "VPUBND tỉnh",
            "Văn phòng UBND",
        ),
    ),
    # ---- departments merged in 2025 (inactive, followed up by their successor)
    AgencySeed(
        "Sở Kế hoạch và Đầu tư",
        D,
        "Kế hoạch và Đầu tư",
        ("KH&ĐT", "KHĐT", "KH-ĐT"),
        successor="Sở Tài chính",
    ),
    AgencySeed(
        "Sở Nông nghiệp và Phát triển nông thôn",
        D,
        "Nông nghiệp và PTNT",
        ("NN&PTNT", "NNPTNT", "NN và PTNT"),
        aliases=("Sở Nông nghiệp và PTNT", "Sở Nông nghiệp"),
        successor="Sở Nông nghiệp và Môi trường",
    ),
    AgencySeed(
        "Sở Tài nguyên và Môi trường",
        D,
        "Tài nguyên và Môi trường",
        ("TN&MT", "TNMT", "TN-MT"),
        successor="Sở Nông nghiệp và Môi trường",
    ),
    AgencySeed(
        "Sở Thông tin và Truyền thông",
        D,
        "Thông tin và Truyền thông",
        ("TT&TT", "TTTT", "TT-TT"),
        successor="Sở Khoa học và Công nghệ",
    ),
    AgencySeed(
        "Sở Giao thông vận tải",
        D,
        "Giao thông vận tải",
        ("GTVT", "GT-VT"),
        aliases=("Sở Giao thông - Vận tải",),
        successor="Sở Xây dựng",
    ),
    AgencySeed(
        "Sở Lao động, Thương binh và Xã hội",
        D,
        "Lao động, Thương binh và Xã hội",
        ("LĐ-TB&XH", "LĐTB&XH", "LĐTBXH", "LĐ, TB&XH"),
        aliases=("Sở Lao động - Thương binh và Xã hội",),
        successor="Sở Nội vụ",
        note="Phần quản lý nhà nước về giáo dục nghề nghiệp chuyển về Sở Giáo dục và Đào tạo, "
        "bảo trợ xã hội và trẻ em về Sở Y tế.",
    ),
    AgencySeed(
        "Ban Dân tộc tỉnh",
        D,
        "Ban Dân tộc",
        aliases=("Ban Dân tộc",),
        successor="Sở Dân tộc và Tôn giáo",
    ),
    # ---- committees
    AgencySeed(
        "UBND tỉnh",
        AgencyKind.COMMITTEE,
        "UBND tỉnh",
        aliases=("Ủy ban nhân dân tỉnh", "Uỷ ban nhân dân tỉnh"),
        patterns=(r"^ubnd tinh" + PROVINCE + "$",),
    ),
    # ---- boards
    AgencySeed(
        "Ban Quản lý các Khu kinh tế và Khu công nghiệp tỉnh",
        AgencyKind.BOARD,
        "BQL các KKT và KCN",
        aliases=(
            "Ban Quản lý các Khu kinh tế và Khu công nghiệp",
            "Ban Quản lý Khu kinh tế",
            "Ban Quản lý các Khu công nghiệp",
            "Ban Quản lý các Khu công nghiệp tỉnh",
            "Ban Quản lý Khu kinh tế và các Khu công nghiệp",
            "BQL các KKT và KCN",
            "BQL các KCN",
            "BQL KKT",
        ),
        patterns=(
            r"^(?:ban quan ly|bql) (?:cac )?khu (?:kinh te|cong nghiep)" + _NOT_A_CONJUNCTION + "$",
        ),
    ),
    # ---- provincial branches of central agencies
    AgencySeed(
        "Công an tỉnh",
        AgencyKind.CENTRAL_BRANCH,
        "Công an tỉnh",
        aliases=("Công an",),
        patterns=(r"^cong an tinh" + PROVINCE + "$",),
    ),
    AgencySeed(
        "Bộ Chỉ huy Quân sự tỉnh",
        AgencyKind.CENTRAL_BRANCH,
        "BCH Quân sự tỉnh",
        aliases=("BCH Quân sự tỉnh", "Bộ CHQS tỉnh", "BCHQS tỉnh"),
    ),
    AgencySeed(
        "Bộ Chỉ huy Bộ đội Biên phòng tỉnh",
        AgencyKind.CENTRAL_BRANCH,
        "BCH Bộ đội Biên phòng tỉnh",
        aliases=("BCH Bộ đội Biên phòng tỉnh", "BĐBP tỉnh"),
    ),
    AgencySeed(
        "Cục Thuế tỉnh",
        AgencyKind.CENTRAL_BRANCH,
        "Cục Thuế",
        aliases=("Cục Thuế", "Thuế tỉnh"),
        patterns=(r"^cuc thue tinh" + PROVINCE + "$",),
    ),
    AgencySeed(
        "Cục Thống kê tỉnh",
        AgencyKind.CENTRAL_BRANCH,
        "Cục Thống kê",
        aliases=("Cục Thống kê", "Thống kê tỉnh", "Chi cục Thống kê tỉnh"),
    ),
    AgencySeed(
        "Kho bạc Nhà nước tỉnh",
        AgencyKind.CENTRAL_BRANCH,
        "Kho bạc",
        aliases=("Kho bạc Nhà nước", "Kho bạc", "KBNN tỉnh", "KBNN"),
    ),
    AgencySeed(
        "Cục Hải quan tỉnh",
        AgencyKind.CENTRAL_BRANCH,
        "Hải quan",
        aliases=("Cục Hải quan", "Chi cục Hải quan"),
    ),
    AgencySeed(
        "Ngân hàng Nhà nước chi nhánh tỉnh",
        AgencyKind.CENTRAL_BRANCH,
        "NHNN chi nhánh tỉnh",
        aliases=("Ngân hàng Nhà nước", "NHNN chi nhánh tỉnh", "Ngân hàng Nhà nước Chi nhánh"),
    ),
    AgencySeed(
        "Bảo hiểm xã hội tỉnh",
        AgencyKind.CENTRAL_BRANCH,
        "BHXH tỉnh",
        aliases=("Bảo hiểm xã hội", "BHXH tỉnh", "BHXH"),
    ),
    # ---- mass and professional organisations
    AgencySeed(
        "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh",
        AgencyKind.ORGANISATION,
        "Ủy ban MTTQ tỉnh",
        aliases=(
            "Ủy ban MTTQ Việt Nam tỉnh",
            "Ủy ban MTTQ tỉnh",
            "Uỷ ban MTTQ tỉnh",
            "UBMTTQ tỉnh",
            "UBMTTQVN tỉnh",
            "MTTQ tỉnh",
            "Mặt trận Tổ quốc tỉnh",
            "Ủy ban MTTQ",
        ),
    ),
    AgencySeed(
        "Tỉnh Đoàn",
        AgencyKind.ORGANISATION,
        "Tỉnh Đoàn",
        aliases=("Tỉnh đoàn", "Đoàn Thanh niên Cộng sản Hồ Chí Minh tỉnh", "Đoàn TNCS HCM tỉnh"),
    ),
    AgencySeed(
        "Hội Nông dân tỉnh",
        AgencyKind.ORGANISATION,
        "Hội Nông dân",
        aliases=("Hội Nông dân", "Hội ND tỉnh"),
    ),
    AgencySeed(
        "Hội Liên hiệp Phụ nữ tỉnh",
        AgencyKind.ORGANISATION,
        "Hội LHPN tỉnh",
        aliases=("Hội LHPN tỉnh", "Hội Liên hiệp Phụ nữ", "Hội Phụ nữ tỉnh", "Hội LHPN"),
    ),
    AgencySeed(
        "Liên đoàn Lao động tỉnh",
        AgencyKind.ORGANISATION,
        "LĐLĐ tỉnh",
        aliases=("Liên đoàn Lao động", "LĐLĐ tỉnh"),
    ),
    AgencySeed(
        "Hội Cựu chiến binh tỉnh",
        AgencyKind.ORGANISATION,
        "Hội CCB tỉnh",
        aliases=("Hội Cựu chiến binh", "Hội CCB tỉnh"),
    ),
    AgencySeed(
        "Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh",
        AgencyKind.ORGANISATION,
        "Liên hiệp các Hội KH&KT",
        aliases=(
            "Liên hiệp các Hội Khoa học và Kỹ thuật",
            "Liên hiệp các Hội KHKT tỉnh",
            "Liên hiệp các Hội KH&KT tỉnh",
            "Liên hiệp các hội khoa học kỹ thuật tỉnh",
            "Liên hiệp các hội khoa học kỹ thuật",
        ),
    ),
    AgencySeed(
        "Liên minh Hợp tác xã tỉnh",
        AgencyKind.ORGANISATION,
        "Liên minh HTX tỉnh",
        aliases=("Liên minh Hợp tác xã", "Liên minh HTX tỉnh"),
    ),
    AgencySeed(
        "Hiệp hội Doanh nghiệp tỉnh",
        AgencyKind.ORGANISATION,
        "Hiệp hội Doanh nghiệp",
        aliases=("Hiệp hội Doanh nghiệp",),
    ),
    # ---- media
    AgencySeed(
        "Báo tỉnh",
        AgencyKind.MEDIA,
        "Báo tỉnh",
        aliases=(
            "Báo",
            "Các cơ quan Báo",
            "Cơ quan Báo",
            "Báo Đảng",
            "Các cơ quan báo chí",
            "Cơ quan báo chí",
            "Các cơ quan thông tấn, báo chí",
        ),
        patterns=(r"^bao" + PROVINCE + "$",),  # "Báo Quảng Ngãi"
    ),
    AgencySeed(
        "Đài Phát thanh - Truyền hình tỉnh",
        AgencyKind.MEDIA,
        "Đài PT-TH tỉnh",
        aliases=(
            "Đài Phát thanh và Truyền hình tỉnh",
            "Đài PT-TH tỉnh",
            "Đài PTTH tỉnh",
            "Đài PT-TH",
            "Đài PTTH",
            "Đài Truyền hình tỉnh",
            "Đài truyền hình",
            "Đài Phát thanh - Truyền hình",
        ),
        patterns=(r"^dai (?:phat thanh )?(?:va )?truyen hinh(?: tinh)?" + PROVINCE + "$",),
    ),
)

G = AgencyKind.GROUP
# Building blocks of the group patterns (keys have no punctuation: "các sở, ban" → "cac so ban").
_HEAD = r"^(?:va )?(?:cac )?"
_NEXT = r" (?:va )?(?:cac )?"
_UNITS = r"(?:so|ban|nganh|co quan|don vi|dia phuong|doan the|cap|hoi)"
_PLACES = r"(?:huyen|thi xa|thanh pho|xa|phuong|thi tran|dia phuong|cap huyen|cap xa)"
_RELATED = r"(?: (?:co )?lien quan| khac| tinh| cua tinh| tren dia ban(?: tinh)?| truc thuoc)*"
_HERE = r"(?: tren dia ban(?: tinh)?| tai tinh)?$"
_ORGS = r"(?:co quan|don vi|to chuc)"
_SCHOOLS = r"(?:truong )?(?:dai hoc|cao dang|trung cap)"
_INSTITUTES = r"(?:vien|trung tam)(?: nghien cuu)?"

GROUPS: tuple[AgencySeed, ...] = (
    AgencySeed(
        "Các sở, ban, ngành liên quan",
        G,
        "Sở, ban, ngành",
        aliases=("các Sở, ban, ngành", "các sở, ngành liên quan", "các Sở, ban, ngành tỉnh"),
        patterns=(
            _HEAD + r"(?:so|nganh)" + _RELATED + r"(?:" + _NEXT + _UNITS + _RELATED + r")+$",
            _HEAD + r"(?:so|nganh)(?: (?:co )?lien quan| tinh)+$",
        ),
    ),
    AgencySeed(
        "UBND các huyện, thị xã, thành phố",
        G,
        "UBND cấp huyện",
        aliases=("UBND các huyện", "UBND cấp huyện", "UBND các địa phương", "các địa phương"),
        patterns=(
            r"^(?:va )?ubnd (?:cac )?"
            + _PLACES
            + r"(?:"
            + _NEXT
            + _PLACES
            + r")*"
            + _RELATED
            + "$",
            _HEAD + r"dia phuong" + _RELATED + "$",
        ),
    ),
    AgencySeed(
        "Các tổ chức chính trị - xã hội",
        G,
        "Tổ chức chính trị - xã hội",
        aliases=("Tổ chức chính trị, xã hội", "các tổ chức chính trị - xã hội", "các đoàn thể"),
        patterns=(
            _HEAD + r"(?:to chuc chinh tri|doan the)(?: xa hoi)?(?: nghe nghiep)?"
            r"(?: tinh| lien quan)*$",
        ),
    ),
    AgencySeed(
        "Các đơn vị có liên quan",
        G,
        "Đơn vị liên quan",
        aliases=("các cơ quan, đơn vị liên quan", "các đơn vị liên quan"),
        patterns=(
            _HEAD + _ORGS + r"(?:" + _NEXT + r"(?:" + _ORGS + r"|ca nhan))*" + _RELATED + "$",
        ),
    ),
    AgencySeed(
        "Doanh nghiệp",
        G,
        "Doanh nghiệp",
        aliases=("các doanh nghiệp",),
        patterns=(_HEAD + r"doanh nghiep" + _NOT_A_CONJUNCTION + r"$",),
    ),
    AgencySeed(
        "Các trường đại học, cao đẳng",
        G,
        "Trường ĐH, CĐ",
        aliases=("các trường đại học", "các trường cao đẳng"),
        patterns=(_HEAD + r"truong (?:dai hoc|cao dang)(?:" + _NEXT + _SCHOOLS + r")*" + _HERE,),
    ),
    AgencySeed(
        "Các viện, trung tâm nghiên cứu",
        G,
        "Viện, trung tâm nghiên cứu",
        aliases=("các trung tâm nghiên cứu", "các viện nghiên cứu"),
        patterns=(_HEAD + _INSTITUTES + r"(?:" + _NEXT + _INSTITUTES + r")*" + _HERE,),
    ),
    # ---- families of generic categories (bot.agencies.categories): one group per head noun
    AgencySeed("Các tổ chức tín dụng", G, "Tổ chức tín dụng", aliases=("các ngân hàng",)),
    AgencySeed("Các hợp tác xã", G, "Hợp tác xã", aliases=("hợp tác xã",)),
    AgencySeed("Các hội, hiệp hội", G, "Hội, hiệp hội", aliases=("các hiệp hội",)),
    AgencySeed("Các cơ sở liên quan", G, "Cơ sở liên quan"),
    AgencySeed("Các tổ chức, cá nhân liên quan", G, "Tổ chức, cá nhân"),
)
