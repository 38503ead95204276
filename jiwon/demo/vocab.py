"""Word lists and weights the demo generator draws from.

Everything here is demo material, not reference data: the industry weights approximate Anyang's
mix (electronic parts, software and IT services, machinery, instruments, wholesale), the street
names are Anyang roads by district, and the tax-office and registry codes only look plausible.
Every KSIC code listed must exist in the 11th revision; `jiwon demo` refuses to run if one does
not.
"""

from dataclasses import dataclass


@dataclass(frozen=True, eq=False)
class Sector:
    key: str
    weight: int  # share among Anyang companies, in per mille
    ladder_weight: int  # share among growth-ladder (startup) companies, in per mille
    codes: tuple[tuple[str, int], ...]  # KSIC rev-11 subclass, relative weight
    suffixes: tuple[tuple[str, str], ...]  # Korean, English name endings
    manufacturing: bool
    employees_median: float
    sales_per_employee_won: int  # median yearly sales per employee
    dongan_share: float  # share located in 동안구 (the rest in 만안구)


# Hand-aligned tables: keep the formatter from putting every pair on its own line.
# fmt: off
SECTORS: tuple[Sector, ...] = (
    Sector(
        key="electronics",
        weight=210,
        ladder_weight=200,
        codes=(
            ("26222", 6), ("26223", 4), ("26224", 8), ("26221", 2), ("26291", 3), ("26292", 3),
            ("26293", 3), ("26294", 5), ("26299", 10), ("26112", 3), ("26129", 3), ("26121", 2),
            ("26219", 2), ("26410", 2), ("26429", 4), ("26329", 3), ("26519", 2), ("26529", 2),
        ),
        suffixes=(
            ("전자", "Electronics"), ("일렉트로닉스", "Electronics"), ("테크", "Tech"),
            ("반도체", "Semiconductor"), ("디스플레이", "Display"), ("써키트", "Circuit"),
            ("텍", "Tek"), ("전자통신", "Telecom"), ("센서", "Sensor"),
        ),
        manufacturing=True,
        employees_median=8,
        sales_per_employee_won=180_000_000,
        dongan_share=0.58,
    ),
    Sector(
        key="software",
        weight=200,
        ladder_weight=340,
        codes=(
            ("58221", 8), ("58222", 16), ("58212", 3), ("58219", 1), ("62010", 14),
            ("62021", 8), ("62022", 2), ("62090", 4), ("63111", 3), ("63112", 2), ("63120", 3),
            ("63991", 2), ("63999", 3),
        ),
        suffixes=(
            ("소프트", "Soft"), ("시스템", "Systems"), ("솔루션", "Solutions"),
            ("소프트웨어", "Software"), ("랩스", "Labs"), ("데이터", "Data"),
            ("네트웍스", "Networks"), ("인포텍", "Infotech"), ("아이티", "IT"), ("에이아이", "AI"),
            ("클라우드", "Cloud"),
        ),
        manufacturing=False,
        employees_median=7,
        sales_per_employee_won=100_000_000,
        dongan_share=0.78,
    ),
    Sector(
        key="machinery",
        weight=120,
        ladder_weight=70,
        codes=(
            ("29120", 2), ("29132", 2), ("29163", 2), ("29169", 2), ("29172", 2), ("29174", 2),
            ("29175", 1), ("29199", 5), ("29221", 2), ("29223", 2), ("29229", 3), ("29271", 5),
            ("29272", 3), ("29280", 4), ("29293", 4), ("29299", 6), ("29180", 1),
        ),
        suffixes=(
            ("정밀", "Precision"), ("기계", "Machinery"), ("엔지니어링", "Engineering"),
            ("메카트로닉스", "Mechatronics"), ("기공", "Machine Works"), ("산업", "Industrial"),
            ("오토메이션", "Automation"), ("로보틱스", "Robotics"),
        ),
        manufacturing=True,
        employees_median=11,
        sales_per_employee_won=170_000_000,
        dongan_share=0.42,
    ),
    Sector(
        key="instruments",
        weight=80,
        ladder_weight=80,
        codes=(
            ("27112", 3), ("27199", 4), ("27191", 1), ("27212", 3), ("27213", 3), ("27215", 3),
            ("27216", 3), ("27219", 4), ("27301", 2), ("27309", 2),
        ),
        suffixes=(
            ("계측", "Instruments"), ("메디칼", "Medical"), ("옵틱스", "Optics"),
            ("정밀", "Precision"), ("메디텍", "Meditech"), ("측정", "Metrology"),
        ),
        manufacturing=True,
        employees_median=9,
        sales_per_employee_won=150_000_000,
        dongan_share=0.6,
    ),
    Sector(
        key="electrical",
        weight=70,
        ladder_weight=50,
        codes=(
            ("28111", 3), ("28113", 2), ("28119", 3), ("28121", 2), ("28123", 4), ("28209", 1),
            ("28302", 1), ("28422", 3), ("28429", 2), ("28901", 2), ("28909", 3),
        ),
        suffixes=(
            ("전기", "Electric"), ("전력", "Power"), ("에너지", "Energy"),
            ("라이팅", "Lighting"), ("파워", "Power"), ("이앤씨", "E&C"),
        ),
        manufacturing=True,
        employees_median=10,
        sales_per_employee_won=170_000_000,
        dongan_share=0.45,
    ),
    Sector(
        key="wholesale",
        weight=110,
        ladder_weight=20,
        codes=(
            ("46510", 5), ("46521", 3), ("46522", 3), ("46533", 2), ("46539", 3), ("46592", 2),
            ("46593", 2), ("46595", 3), ("46596", 1), ("46599", 2), ("46733", 1), ("46739", 2),
            ("46800", 2), ("46443", 1),
        ),
        suffixes=(
            ("상사", "Trading"), ("무역", "Trading"), ("유통", "Distribution"),
            ("트레이딩", "Trading"), ("인터내셔널", "International"), ("코리아", "Korea"),
        ),
        manufacturing=False,
        employees_median=5,
        sales_per_employee_won=420_000_000,
        dongan_share=0.55,
    ),
    Sector(
        key="research",
        weight=50,
        ladder_weight=90,
        codes=(("70121", 5), ("70129", 5), ("70111", 2), ("70113", 2), ("70130", 2)),
        suffixes=(
            ("연구소", "Research"), ("바이오", "Bio"), ("사이언스", "Science"), ("랩", "Lab"),
            ("테크", "Tech"),
        ),
        manufacturing=False,
        employees_median=6,
        sales_per_employee_won=70_000_000,
        dongan_share=0.75,
    ),
    Sector(
        key="engineering",
        weight=30,
        ladder_weight=20,
        codes=(("72129", 4), ("72919", 3), ("72911", 1), ("72121", 2)),
        suffixes=(
            ("엔지니어링", "Engineering"), ("기술", "Technology"), ("테스트", "Testing"),
            ("이엔지", "ENG"),
        ),
        manufacturing=False,
        employees_median=7,
        sales_per_employee_won=90_000_000,
        dongan_share=0.65,
    ),
    Sector(
        key="metal",
        weight=40,
        ladder_weight=10,
        codes=(("25924", 4), ("25922", 2), ("25929", 3), ("25934", 1), ("25999", 3), ("25112", 1)),
        suffixes=(
            ("금속", "Metal"), ("정밀", "Precision"), ("산업", "Industrial"), ("메탈", "Metal"),
            ("스틸", "Steel"),
        ),
        manufacturing=True,
        employees_median=8,
        sales_per_employee_won=140_000_000,
        dongan_share=0.3,
    ),
    Sector(
        key="plastics",
        weight=20,
        ladder_weight=10,
        codes=(("22249", 2), ("22299", 3), ("22232", 1), ("22192", 1)),
        suffixes=(("화학", "Chemical"), ("산업", "Industrial"), ("폴리머", "Polymer")),
        manufacturing=True,
        employees_median=10,
        sales_per_employee_won=150_000_000,
        dongan_share=0.35,
    ),
    Sector(
        key="chem_bio",
        weight=20,
        ladder_weight=50,
        codes=(("20423", 3), ("20499", 1), ("21212", 1), ("21301", 2), ("21309", 1)),
        suffixes=(
            ("바이오", "Bio"), ("파마", "Pharma"), ("코스메틱", "Cosmetics"), ("화학", "Chemical"),
            ("메디", "Medi"),
        ),
        manufacturing=True,
        employees_median=8,
        sales_per_employee_won=160_000_000,
        dongan_share=0.6,
    ),
    Sector(
        key="design_marketing",
        weight=30,
        ladder_weight=40,
        codes=(("73202", 3), ("73203", 3), ("71310", 2), ("71531", 2), ("75995", 2)),
        suffixes=(
            ("디자인", "Design"), ("커뮤니케이션즈", "Communications"), ("컨설팅", "Consulting"),
            ("미디어", "Media"), ("마케팅", "Marketing"),
        ),
        manufacturing=False,
        employees_median=4,
        sales_per_employee_won=70_000_000,
        dongan_share=0.75,
    ),
    Sector(
        key="auto_parts",
        weight=15,
        ladder_weight=0,
        codes=(("30332", 2), ("30399", 2), ("30310", 1)),
        suffixes=(("오토텍", "Autotech"), ("모빌리티", "Mobility"), ("정공", "Precision")),
        manufacturing=True,
        employees_median=14,
        sales_per_employee_won=230_000_000,
        dongan_share=0.35,
    ),
    Sector(
        key="commerce",
        weight=5,
        ladder_weight=20,
        codes=(("47912", 3), ("47911", 1)),
        suffixes=(("커머스", "Commerce"), ("마켓", "Market"), ("스토어", "Store")),
        manufacturing=False,
        employees_median=4,
        sales_per_employee_won=250_000_000,
        dongan_share=0.7,
    ),
)

ALL_KSIC_CODES: frozenset[str] = frozenset(code for s in SECTORS for code, _ in s.codes)

# Name parts (Korean, English). A name is a head, an optional tail and a sector suffix:
# 넥스 + 원 + 전자 → 넥스원전자 / Nexone Electronics.
NAME_HEADS: tuple[tuple[str, str], ...] = (
    ("한빛", "Hanbit"), ("대성", "Daesung"), ("동양", "Dongyang"), ("세원", "Sewon"),
    ("우진", "Woojin"), ("신영", "Shinyoung"), ("미래", "Mirae"), ("나라", "Nara"),
    ("하이", "Hi"), ("에이", "A"), ("넥스", "Nex"), ("이노", "Inno"), ("스마트", "Smart"),
    ("그린", "Green"), ("블루", "Blue"), ("제이", "J"), ("케이", "K"), ("엠", "M"),
    ("유니", "Uni"), ("퓨처", "Future"), ("코어", "Core"), ("비전", "Vision"),
    ("글로벌", "Global"), ("디지", "Digi"), ("네오", "Neo"), ("아이", "I"), ("하나", "Hana"),
    ("태성", "Taesung"), ("성진", "Sungjin"), ("명성", "Myungsung"), ("대영", "Daeyoung"),
    ("삼우", "Samwoo"), ("진영", "Jinyoung"), ("성원", "Sungwon"), ("광명", "Kwangmyung"),
    ("평촌", "Pyeongchon"), ("관악", "Gwanak"), ("수리", "Suri"), ("인덕", "Induk"),
    ("석수", "Seoksu"), ("에이스", "Ace"), ("알파", "Alpha"), ("오메가", "Omega"),
    ("씨엔", "CN"), ("에스", "S"), ("티엔", "TN"), ("지엔", "GN"), ("디엔", "DN"),
    ("바른", "Bareun"), ("다온", "Daon"), ("온누리", "Onnuri"), ("새한", "Saehan"),
    ("한결", "Hangyeol"), ("아름", "Areum"), ("누리", "Nuri"), ("스카이", "Sky"),
    ("썬", "Sun"), ("메가", "Mega"), ("트루", "True"), ("엘", "L"), ("큐", "Q"),
    ("와이", "Y"), ("위드", "With"), ("모아", "Moa"), ("나노", "Nano"), ("옵토", "Opto"),
    ("삼성", "Samsung"), ("대한", "Daehan"), ("동방", "Dongbang"), ("청운", "Cheongun"),
)
NAME_TAILS: tuple[tuple[str, str], ...] = (
    ("원", "one"), ("온", "on"), ("젠", "gen"), ("엔", "n"), ("로", "ro"), ("웨이", "way"),
    ("빛", "bit"), ("솔", "sol"), ("진", "jin"), ("넷", "net"), ("큐브", "cube"),
    ("링크", "link"), ("밸리", "valley"), ("포인트", "point"), ("브릿지", "bridge"),
)

# Surnames with rough frequencies (per mille of the population).
SURNAMES: tuple[tuple[str, int], ...] = (
    ("김", 215), ("이", 147), ("박", 84), ("최", 47), ("정", 43), ("강", 23), ("조", 21),
    ("윤", 20), ("장", 20), ("임", 16), ("한", 15), ("오", 15), ("서", 14), ("신", 14),
    ("권", 14), ("황", 14), ("안", 13), ("송", 13), ("전", 11), ("홍", 11), ("유", 10),
    ("고", 9), ("문", 9), ("양", 9), ("손", 9), ("배", 8), ("백", 8), ("허", 6), ("노", 6),
    ("남", 5),
)
MALE_GIVEN_NAMES: tuple[str, ...] = (
    "민준", "서준", "도윤", "예준", "시우", "하준", "지호", "주원", "지훈", "준서", "건우", "현우",
    "우진", "선우", "성민", "동현", "상훈", "재훈", "정훈", "성호", "영호", "영수", "정호", "광수",
    "상철", "종민", "태현", "승현", "준혁", "진우", "민수", "성진", "재원", "동욱", "경호", "기현",
    "병철", "용준", "형준", "대현",
)
FEMALE_GIVEN_NAMES: tuple[str, ...] = (
    "서연", "지우", "서윤", "하윤", "민서", "지민", "수빈", "지현", "은지", "유진", "혜진", "미영",
    "은영", "수진", "지영", "현정", "선영", "정희", "미경", "은주", "소영", "하은", "예린", "다은",
    "수연",
)

# Roads named in each district (not checked against the 도로명주소 register); building numbers and
# floors are invented.
STREETS: dict[str, tuple[str, ...]] = {
    "41173": (
        "시민대로", "평촌대로", "벌말로", "흥안대로", "관악대로", "엘에스로", "학의로", "귀인로",
        "부림로",
    ),
    "41171": (
        "안양로", "만안로", "석수로", "박달로", "장내로", "냉천로", "병목안로", "삼덕로",
        "예술공원로",
    ),
    "41131": ("산성대로", "수정로"),
    "41135": ("판교역로", "대왕판교로"),
    "41290": ("과천대로", "중앙로"),
    "41410": ("군포로", "고산로"),
    "41430": ("내손로", "오봉로"),
    "41192": ("길주로", "부천로"),
    "41117": ("광교로", "영통로"),
    "41210": ("광명로", "오리로"),
    "41273": ("광덕대로", "원포공원로"),
    "11620": ("남부순환로", "관악로"),
    "11680": ("테헤란로", "선릉로"),
}
# Companies outside Anyang: neighbouring Gyeonggi cities and two Seoul districts, weighted.
OUTSIDE_REGIONS: tuple[tuple[str, int], ...] = (
    ("41410", 6), ("41430", 5), ("41290", 3), ("41131", 3), ("41135", 6), ("41192", 3),
    ("41117", 3), ("41210", 4), ("41273", 3), ("11620", 4), ("11680", 5),
)
LOCAL_DISTRICTS: tuple[str, str] = ("41171", "41173")

# 사업자등록번호 office codes. Disjoint sets keep outside companies from ever colliding with (and
# so shifting) the Anyang ones when --companies changes. Codes look plausible; they were not
# checked against 국세청's office table.
LOCAL_TAX_OFFICES: tuple[tuple[str, int], ...] = (("138", 60), ("123", 30), ("124", 10))
OUTSIDE_TAX_OFFICES: tuple[tuple[str, int], ...] = (
    ("129", 3), ("130", 2), ("134", 2), ("135", 2), ("214", 2), ("220", 3),
)
# Middle digits of a corporation's 사업자등록번호 (81 for most for-profit head offices).
CORPORATION_BRN_TYPES: tuple[tuple[str, int], ...] = (("81", 85), ("86", 8), ("87", 4), ("88", 3))
# 법인등록번호: registry office (4 digits, plausible only) and corporation kind
# (11 주식회사, 14 유한회사).
CRN_REGISTRY_OFFICES: tuple[tuple[str, int], ...] = (("1345", 70), ("1311", 20), ("1101", 10))
CRN_KINDS: tuple[tuple[str, int], ...] = (("11", 94), ("14", 6))
# fmt: on
