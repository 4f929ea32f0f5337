"""Who must act: tables of real heading and item sentences with the bodies expected from each,
and sentences that must yield nothing, run through one helper per rule (as eyecite tests
citations). Sentences are from real directives (../shared/corpus) or written in their style."""
import pytest

from extract.directive.agencies import (addressed_bodies, body_list, group_assignees, heading_assignees,
                                        is_generic, item_assignees, lead_cell_bodies, ocr_twin,
                                        split_bodies)

HEADINGS = [
    # heading text, expected bodies, where the rest of the text starts
    ("Các Sở, ban, ngành cấp tỉnh; Ủy ban nhân dân các huyện, thành phố:",
     ["Các Sở, ban, ngành cấp tỉnh", "Ủy ban nhân dân các huyện, thành phố"], ""),
    ("Giao Sở Thông tin và Truyền thông chủ trì, phối hợp cơ quan, đơn vị có liên quan triển khai thực hiện:",
     ["Sở Thông tin và Truyền thông"], "chủ trì, phối hợp"),
    ("Giao Sở Tài chính sớm tham mưu ban hành chính sách ưu đãi",
     ["Sở Tài chính"], "sớm tham mưu"),
    ("Giao Văn phòng Ủy ban nhân dân tỉnh:", ["Văn phòng Ủy ban nhân dân tỉnh"], ""),
    ("Thủ trưởng các Sở ngành tỉnh, Ban Quản lý các Khu công nghiệp, UBND các huyện, thị xã, thành phố:",
     ["các Sở ngành tỉnh", "Ban Quản lý các Khu công nghiệp", "UBND các huyện, thị xã, thành phố"], ""),
    ("Thủ trưởng các cơ quan chuyên môn thuộc UBND tỉnh, Ban Quản lý Khu kinh tế, công nghiệp tỉnh; "
     "Chủ tịch Ủy ban nhân dân các huyện, thị xã, thành phố Huế; Chủ tịch Ủy ban nhân dân các xã, phường, thị trấn",
     ["các cơ quan chuyên môn thuộc UBND tỉnh", "Ban Quản lý Khu kinh tế, công nghiệp tỉnh",
      "Ủy ban nhân dân các huyện, thị xã, thành phố Huế", "Ủy ban nhân dân các xã, phường, thị trấn"], ""),
    ("Sở Thông tin và Truyền thông: nâng cấp hạ tầng, hệ thống thông tin",
     ["Sở Thông tin và Truyền thông"], "nâng cấp hạ tầng"),
    ("Văn phòng UBND tỉnh theo dõi, đôn đốc việc triển khai", ["Văn phòng UBND tỉnh"], "theo dõi, đôn đốc"),
    ("Các sở, ban, ngành, địa phương (do UBND các huyện, thành phố trực tiếp chỉ đạo):",
     ["Các sở, ban, ngành, địa phương"], ""),
    ("Giám đốc Sở Nội vụ chủ trì, phối hợp với Thanh tra tỉnh kiểm tra", ["Sở Nội vụ"], "chủ trì"),
    ("Chánh Văn phòng UBND tỉnh, Giám đốc Sở Nội vụ, Thủ trưởng các cơ quan, đơn vị liên quan chịu trách nhiệm thi hành",
     ["Văn phòng UBND tỉnh", "Sở Nội vụ", "các cơ quan, đơn vị liên quan"], "chịu trách nhiệm"),
    ("Giao Sở Y tế: a) Chủ động theo dõi", ["Sở Y tế"], "a) Chủ động"),
    ("Phòng Tư pháp cấp huyện và UBND cấp xã thực hiện chứng thực",
     ["Phòng Tư pháp cấp huyện", "UBND cấp xã"], "thực hiện"),
    ("Sở Văn hóa, Thể thao và Du lịch chủ trì tổ chức", ["Sở Văn hóa, Thể thao và Du lịch"], "chủ trì"),
    ("Sở Lao động - Thương binh và Xã hội, Sở Y tế:", ["Sở Lao động - Thương binh và Xã hội", "Sở Y tế"], ""),
    ("Đề nghị Sở TT&TT phối hợp kiểm tra", ["Sở TT&TT"], "phối hợp"),
    ("Thanh tra Sở kiểm tra việc thực hiện Kế hoạch này", ["Thanh tra Sở"], "kiểm tra"),
]

NO_HEADING = [
    "Về công tác cải cách thủ tục hành chính:",
    "Công tác tuyên truyền:",
    "Chỉ đạo Ủy ban nhân dân các xã, phường, thị trấn thực hiện nghiêm túc",
    "Rà soát, cập nhật quy trình nội bộ giải quyết TTHC",
    "Báo cáo tình hình phân quyền quản trị, vận hành Hệ thống đánh giá Bộ chỉ số",
    "Ban hành quy chế phối hợp trước ngày 30/6/2024.",
    "Phối hợp với Sở Thông tin và Truyền thông rà soát",
    "Mục đích",
]

ITEMS = [
    ("UBND các huyện, thị xã, thành phố tiếp tục đẩy mạnh thực hiện dịch vụ cấp bản sao",
     ["UBND các huyện, thị xã, thành phố"]),
    ("Các sở, ban, ngành chủ động rà soát, đơn giản hóa thủ tục", ["Các sở, ban, ngành"]),
    ("Cập nhật, công khai tất cả TTHC theo quy định tại khoản 2 Điều 8 Nghị định số 63/2010/NĐ-CP "
     "ngày 08/6/2010 của Chính phủ về kiểm soát TTHC (Văn phòng UBND tỉnh).", ["Văn phòng UBND tỉnh"]),
    ("Người làm việc tại Trung tâm Phục vụ hành chính công, Trung tâm Hành chính công cấp huyện, "
     "Bộ phận Tiếp nhận và trả kết quả cấp xã phải trực tiếp khai thác",
     ["Trung tâm Phục vụ hành chính công", "Trung tâm Hành chính công cấp huyện",
      "Bộ phận Tiếp nhận và trả kết quả cấp xã"]),
    ("100% hồ sơ chứng thực phải được Phòng Tư pháp cấp huyện và UBND cấp xã thực hiện chứng thực điện tử. "
     "Trước mắt thực hiện trên Cổng Dịch vụ công quốc gia.", ["Phòng Tư pháp cấp huyện", "UBND cấp xã"]),
    ("Các cơ quan chuyên môn thuộc UBND tỉnh, Ban Quản lý Khu kinh tế, công nghiệp tỉnh rà soát, phối hợp "
     "với Sở Thông tin và Truyền thông", ["Các cơ quan chuyên môn thuộc UBND tỉnh", "Ban Quản lý Khu kinh tế, công nghiệp tỉnh"]),
    ("UBND cấp huyện rà soát các thành phần hồ sơ", ["UBND cấp huyện"]),
    ("Giao Sở Nội vụ chủ trì tổ chức kiểm tra", ["Sở Nội vụ"]),
    # a named senior official assigned by a Government notice or công điện (DECISIONS 11)
    ("Giao Phó Thủ tướng Chính phủ Trần Hồng Hà trực tiếp chỉ đạo công tác chuẩn bị, kiểm tra đôn đốc",
     ["Phó Thủ tướng Chính phủ Trần Hồng Hà"]),                                                 # 1095764e502a89b8 7
    ("Giao Phó Thủ tướng Chính phủ Trần Hồng Hà trước ngày 15 tháng 11 năm 2025 trực tiếp kiểm tra",
     ["Phó Thủ tướng Chính phủ Trần Hồng Hà"]),                                                 # 50f694478a35aefd III.2.c
]

NO_OVERRIDE = [
    # generic collectives, conditions, examples, instructions to subordinates, coordination
    "Thủ trưởng các cơ quan, đơn vị, địa phương phải kiểm soát chặt chẽ nội dung trả lời",
    "Các đơn vị có hồ sơ tại Phụ lục 04 khẩn trương hoàn thành",
    "Đối với các cơ quan có sử dụng hệ thống phần mềm chuyên ngành (như Sở Kế hoạch và Đầu tư, "
    "Sở Giao thông vận tải...) thì phải chủ trì làm đầu mối",
    "Thực hiện tiếp nhận, giải quyết hồ sơ trên các phần mềm chuyên ngành của Bộ, ngành (như: Sở Giao "
    "thông vận tải, Sở Kế hoạch và Đầu tư...) phải đúng thời gian quy định",
    "Chỉ đạo Ủy ban nhân dân các xã, phường, thị trấn thực hiện nghiêm túc nội dung chỉ đạo tại mục 1",
    "Trực tiếp chỉ đạo cán bộ, công chức tại Bộ phận Một cửa",
    "Phối hợp Sở Thông tin và Truyền thông rà soát, xác định nguyên nhân",
    "Rà soát, trình ban hành đầy đủ các quy trình nội bộ giải quyết TTHC đã được Chủ tịch UBND tỉnh ban hành.",
    "Rà soát tất cả hồ sơ thì kịp thời phối hợp với Văn phòng UBND tỉnh (qua Bộ phận Kiểm soát TTHC, "
    "Phòng Nội chính) để tìm hiểu nguyên nhân, xử lý theo quy định.",
    "Báo cáo tình hình phân quyền quản trị, vận hành Hệ thống đánh giá Bộ chỉ số",
    "Báo cáo Phó Thủ tướng Trần Hồng Hà trước ngày 15 tháng 11 năm 2025.",                      # 50f69447: reported to
    "",
]


@pytest.mark.parametrize("text, bodies, rest", HEADINGS)
def test_heading_assignees(text, bodies, rest):
    names, at = heading_assignees(text)
    assert names == bodies
    assert text[at:].startswith(rest)


@pytest.mark.parametrize("text", NO_HEADING)
def test_heading_without_bodies(text):
    assert heading_assignees(text) == ([], 0)


@pytest.mark.parametrize("text, bodies", ITEMS)
def test_item_names_acting_body(text, bodies):
    assert item_assignees(text) == bodies


@pytest.mark.parametrize("text", NO_OVERRIDE)
def test_item_does_not_override(text):
    assert item_assignees(text) is None


@pytest.mark.parametrize("segment, bodies", [
    ("UBND các huyện, thị xã, thành phố", ["UBND các huyện, thị xã, thành phố"]),
    ("UBND cấp huyện, cấp xã", ["UBND cấp huyện, cấp xã"]),
    ("Công an tỉnh, Sở Tư pháp và Văn phòng UBND tỉnh", ["Công an tỉnh", "Sở Tư pháp", "Văn phòng UBND tỉnh"]),
    ("các Sở: Nội vụ, Thông tin và Truyền thông và các cơ quan, đơn vị có liên quan",                # CONVENTIONS §5
     ["các Sở: Nội vụ, Thông tin và Truyền thông", "các cơ quan, đơn vị có liên quan"]),
    ("Bộ Thông tin và Truyền thông, Bộ Công an, cơ quan có liên quan",
     ["Bộ Thông tin và Truyền thông", "Bộ Công an", "cơ quan có liên quan"]),
    ("Sở Kế hoạch và Đầu tư; Sở Tài chính", ["Sở Kế hoạch và Đầu tư", "Sở Tài chính"]),
    # 'và các <generic collective>' opens a body of its own (gold f1e0981425ec38be V'.1, 0a97eb9c3c536047 IV.1)
    ("Sở Nội vụ và các đơn vị có liên quan", ["Sở Nội vụ", "các đơn vị có liên quan"]),          # 001c610b2efdcf0c IV.2
    ("UBND cấp xã và các đơn vị liên quan", ["UBND cấp xã", "các đơn vị liên quan"]),            # 8d9779edcdd6c422
    ("Ủy ban nhân dân cấp xã và các đơn vị dịch vụ thu gom, vận chuyển",                          # ac0f18a2d1b4fb56
     ["Ủy ban nhân dân cấp xã", "các đơn vị dịch vụ thu gom, vận chuyển"]),
    ("các sở, ban, ngành và các đơn vị liên quan", ["các sở, ban, ngành và các đơn vị liên quan"]),   # one collective
    # press bodies, associations and the tax offices named since 2025 open bodies of their own
    ("Thông tấn xã Việt Nam và các cơ quan báo chí, phát thanh, truyền hình khác",            # 86367f2ddb2225cd
     ["Thông tấn xã Việt Nam", "các cơ quan báo chí, phát thanh, truyền hình khác"]),
    ("Báo và Phát thanh, Truyền hình tỉnh và các cơ quan báo chí đóng trên địa bàn",           # ad5aff6c13929815
     ["Báo và Phát thanh, Truyền hình tỉnh", "các cơ quan báo chí đóng trên địa bàn"]),
    ("Hiệp hội Doanh nghiệp tỉnh, Hội Nông dân tỉnh, Liên minh Hợp tác xã Tỉnh",               # 8718801c503045f9
     ["Hiệp hội Doanh nghiệp tỉnh", "Hội Nông dân tỉnh", "Liên minh Hợp tác xã Tỉnh"]),
    ("Tòa án nhân dân tỉnh, Thuế tỉnh", ["Tòa án nhân dân tỉnh", "Thuế tỉnh"]),               # 0a97eb9c3c536047
    ("Thuế thành phố Huế, Kho bạc Nhà nước khu vực XV", ["Thuế thành phố Huế", "Kho bạc Nhà nước khu vực XV"]),
    # an e-portal named in a list of bodies is one of them (addressees of 7a366df8, d6ce705d, f9ddad1e print it so)
    ("Báo và phát thanh, truyền hình Sơn La, Cổng thông tin điện tử tỉnh",                     # f1e0981425ec38be
     ["Báo và phát thanh, truyền hình Sơn La", "Cổng thông tin điện tử tỉnh"]),
    ("Sở Văn hóa, Thể thao và Du lịch, Cổng Thông tin điện tử tỉnh",                           # 62f25a030c183151
     ["Sở Văn hóa, Thể thao và Du lịch", "Cổng Thông tin điện tử tỉnh"]),
    # … but a place's twin after 'trên … và' is no new body (a161f65b93293a7b Điều 19)
    ("tổ chức, cá nhân tham gia cung cấp, khai thác thông tin trên Cổng thông tin điện tử tỉnh và Cổng thông tin "
     "điện tử thành phần", ["tổ chức, cá nhân tham gia cung cấp, khai thác thông tin trên Cổng thông tin điện tử tỉnh "
                            "và Cổng thông tin điện tử thành phần"]),
])
def test_split_rule(segment, bodies):
    assert split_bodies(segment) == bodies


# A ':' after a plural head opens its members: one body, kept whole as printed (DECISIONS 20, B34), ending
# at a heading's ':', at the predicate, at a body that is no member, or at ';' (unless a known member follows).
MEMBER_LISTS = [
    ("Chủ tịch Ủy ban nhân dân các tỉnh: Khánh Hòa, Đắk Lắk, Gia Lai:",                          # 15e6fb3d3f3b2644 2
     ["Ủy ban nhân dân các tỉnh: Khánh Hòa, Đắk Lắk, Gia Lai"], "colon"),
    ("Các Bộ: Quốc phòng, Tài chính kịp thời xuất cấp các phương tiện, trang thiết bị",          # 15e6fb3d3f3b2644 8
     ["Các Bộ: Quốc phòng, Tài chính"], "predicate"),
    ("Các Bộ: Giáo dục và Đào tạo, Y tế, Khoa học và Công nghệ, Văn hóa, Thể thao và Du lịch theo chức năng, "
     "nhiệm vụ, thẩm quyền chủ động phối hợp với địa phương",                                       # a328fbb46798c2b5 6
     ["Các Bộ: Giáo dục và Đào tạo, Y tế, Khoa học và Công nghệ, Văn hóa, Thể thao và Du lịch"], "predicate"),
    ("Ủy ban nhân dân các xã: Gia Thuận, Tân Điền, Gò Công Đông, Tân Phú Đông:",                   # bffd9da6f0d38031 IV.12
     ["Ủy ban nhân dân các xã: Gia Thuận, Tân Điền, Gò Công Đông, Tân Phú Đông"], "colon"),
    ("Ủy ban nhân dân các tỉnh, thành phố: Tuyên Quang, Đồng Nai, Hồ Chí Minh, Đồng Tháp quyết liệt chỉ đạo "
     "các chủ đầu tư",                                                                              # 50f694478a35aefd III.2.d
     ["Ủy ban nhân dân các tỉnh, thành phố: Tuyên Quang, Đồng Nai, Hồ Chí Minh, Đồng Tháp"], "predicate"),
    ("Đồng chí Bí thư tỉnh ủy và Chủ tịch Ủy ban nhân dân các tỉnh: Khánh Hòa, Đắk Lắk, Gia Lai và lãnh đạo các "
     "Bộ, ngành theo chức năng, nhiệm vụ, thẩm quyền tiếp tục tập trung",                           # 15e6fb3d3f3b2644 1
     ["tỉnh ủy", "Ủy ban nhân dân các tỉnh: Khánh Hòa, Đắk Lắk, Gia Lai", "các Bộ, ngành"], "predicate"),
    ("Chánh Văn phòng Ủy ban nhân dân tỉnh, Giám đốc các Sở: Tư pháp, Nội vụ; Thủ trưởng các cơ quan, đơn vị có "
     "liên quan chịu trách nhiệm thi hành Quyết định này.",                                        # closing articles
     ["Văn phòng Ủy ban nhân dân tỉnh", "các Sở: Tư pháp, Nội vụ", "các cơ quan, đơn vị có liên quan"], "predicate"),
    ("Chủ tịch Ủy ban nhân dân thành phố; Giám đốc các Sở: Văn hóa, Thể thao và Du lịch; Nội vụ; Tài chính; "
     "Thủ trưởng các cơ quan có liên quan chịu trách nhiệm thi hành",                               # 7599f6525eb44d2e
     ["Ủy ban nhân dân thành phố", "các Sở: Văn hóa, Thể thao và Du lịch; Nội vụ; Tài chính",
      "các cơ quan có liên quan"], "predicate"),
    # a heading's ':' before a capitalised predicate opens no member list
    ("Các sở, ngành: Chủ động triển khai kế hoạch", ["Các sở, ngành"], "colon"),
    ("Ủy ban nhân dân các huyện, thị xã, thành phố: Tổ chức triển khai", ["Ủy ban nhân dân các huyện, thị xã, thành phố"],
     "colon"),
]


@pytest.mark.parametrize("text, bodies, stop", MEMBER_LISTS, ids=[c[0][:40] for c in MEMBER_LISTS])
def test_colon_member_lists_stay_whole(text, bodies, stop):
    found = body_list(text)
    assert (found.names, found.stop) == (bodies, stop)


@pytest.mark.parametrize("segment, bodies", [
    # a list cut before the next body never ends with its conjunction (DECISIONS 20)
    ("Các Bộ trưởng, Thủ trưởng cơ quan ngang Bộ, Thủ trưởng cơ quan thuộc Chính phủ, Chủ tịch Ủy ban nhân dân các "
     "cấp và", ["Các Bộ trưởng", "cơ quan ngang Bộ", "cơ quan thuộc Chính phủ", "Ủy ban nhân dân các cấp"]),  # 750314c2
    ("Phòng Tổ chức, Tuyên truyền và", ["Phòng Tổ chức, Tuyên truyền"]),                               # f48a2691d3f74ec4
])
def test_no_trailing_conjunction(segment, bodies):
    assert split_bodies(segment) == bodies


@pytest.mark.parametrize("row, bodies", [
    ("Nhóm “Tiến độ giải quyết” (trách nhiệm thực hiện của các cơ quan chuyên môn thuộc UBND tỉnh, Ban Quản lý "
     "Khu kinh tế, công nghiệp tỉnh và UBND cấp huyện, cấp xã)",
     ["các cơ quan chuyên môn thuộc UBND tỉnh", "Ban Quản lý Khu kinh tế, công nghiệp tỉnh", "UBND cấp huyện, cấp xã"]),
    ("Nhóm “Số hóa hồ sơ” (trách nhiệm của Văn phòng Sở và Thanh tra Sở)", ["Văn phòng Sở", "Thanh tra Sở"]),
    ("Nhóm “Công khai, minh bạch”", []),
])
def test_appendix_group(row, bodies):
    assert group_assignees(row) == bodies


@pytest.mark.parametrize("text, bodies", [
    ("Ủy ban nhân dân tỉnh giao Sở Kế hoạch và Đầu tư chủ trì, phối hợp với các cơ quan liên quan tổng hợp",
     ["Sở Kế hoạch và Đầu tư"]),
    ("Chủ tịch Ủy ban nhân dân tỉnh yêu cầu các cơ quan, đơn vị, địa phương thực hiện các nội dung sau:", []),
    ("Chủ tịch Ủy ban nhân dân tỉnh có ý kiến như sau:", []),
])
def test_preamble_addressees(text, bodies):
    assert addressed_bodies(text) == bodies


@pytest.mark.parametrize("name, generic", [
    ("các cơ quan, đơn vị, địa phương", True),
    ("Các đơn vị", True),
    ("các cơ quan, đơn vị có liên quan", True),
    ("Các sở, ban, ngành", False),
    ("các cơ quan chuyên môn thuộc UBND tỉnh", False),
    ("Sở Y tế", False),
])
def test_generic_collectives(name, generic):
    assert is_generic(name) is generic


def test_offices_of_two_bodies_stay_whole():
    assert heading_assignees("Văn phòng HĐND và UBND huyện theo dõi, đôn đốc")[0] == ["Văn phòng HĐND và UBND huyện"]
    for printed in ("Văn phòng Đoàn đại biểu Quốc hội và HĐND tỉnh",                  # 0a97eb9c3c536047 III.6 (B34)
                    "Văn phòng Đoàn Đại biểu Quốc hội và Hội đồng nhân dân tỉnh", "Văn phòng Đoàn ĐBQH-HĐND tỉnh"):
        assert split_bodies(f"{printed}, Sở Nội vụ") == [printed, "Sở Nội vụ"]
    assert split_bodies("Văn phòng Hội đồng nhân dân và Ủy ban nhân dân huyện, Phòng Nội vụ") == [
        "Văn phòng Hội đồng nhân dân và Ủy ban nhân dân huyện", "Phòng Nội vụ"]


@pytest.mark.parametrize("cell, bodies", [
    # the lead column of a task table ('Cơ quan chủ trì', 'Đơn vị thực hiện')
    ("Sở Tài chính", ["Sở Tài chính"]),
    ("Các sở, ban, ngành", ["Các sở, ban, ngành"]),
    ("UBND cấp huyện, cấp xã", ["UBND cấp huyện, cấp xã"]),
    ("Sở Nội vụ; Sở Tư pháp", ["Sở Nội vụ", "Sở Tư pháp"]),
    ("Sở Nội vụ (chủ trì); phối hợp: Sở Tư pháp", ["Sở Nội vụ"]),
    ("Chủ trì: Sở Y tế. Phối hợp: Sở Tài chính", ["Sở Y tế"]),
    ("Sở Nội vụ chủ trì, phối hợp Sở Tư pháp", ["Sở Nội vụ"]),
    ("Văn phòng UBNDtỉnh", ["Văn phòng UBND tỉnh"]),            # OCR lost the space
    ("", []),
])
def test_lead_cell(cell, bodies):
    assert lead_cell_bodies(cell) == bodies


OFTEN = ["các cơ quan chuyên môn thuộc UBND tỉnh", "Sở Thông tin và Truyền thông", "UBND cấp huyện, cấp xã"]


@pytest.mark.parametrize("name, twin", [
    # OCR noise in a name printed once (measured on a noisy scan of corpus 004)
    ("các cơ quan chuyên I môn thuộc UBND tỉnh", "các cơ quan chuyên môn thuộc UBND tỉnh"),
    ("Sở Thông tin và Truyền -thông", "Sở Thông tin và Truyền thông"),
    # different bodies, however close
    ("UBND cấp huyện", None),
    ("Sở Lao động - Thương binh và Xã hội", None),
    ("Bộ Thông tin và Truyền thông", None),
])
def test_ocr_twin(name, twin):
    assert ocr_twin(name, OFTEN) == twin


# Coordinating bodies (DECISIONS.md 10, A13, D40, D48; CONVENTIONS §5/§7): their own field,
# never among the assignees. Snippets from real documents of tests/corpus/real.
COORDINATORS = [
    ("Sở Nội vụ chủ trì, phối hợp với các sở, ban, ngành, đoàn thể Thành phố, Ủy ban nhân dân phường, xã, đặc khu",
     ["Sở Nội vụ"], ["các sở, ban, ngành, đoàn thể Thành phố", "Ủy ban nhân dân phường, xã, đặc khu"]),  # 31fb08f3
    ("Phối hợp UBND các xã, phường cập nhật thiệt hại nông nghiệp",
     [], ["UBND các xã, phường"]),                                                              # 62f25a03
    ("Bộ Công an tiếp tục chủ động phối hợp, hướng dẫn Bộ Y tế, Ban Quản lý dự án và các nhà thầu",
     ["Bộ Công an"], ["Bộ Y tế", "Ban Quản lý dự án", "các nhà thầu"]),                                          # 75a0867a
    ("Sở Y tế phối hợp các cơ quan liên quan tham mưu", ["Sở Y tế"], ["các cơ quan liên quan"]),  # 24ac05c2
    ("Cơ quan phối hợp: Văn phòng Chính phủ, Bộ Tư pháp và các cơ quan có liên quan.",
     [], ["Văn phòng Chính phủ", "Bộ Tư pháp", "các cơ quan có liên quan"]),                      # 86367f2d
    ("Giao Sở Y tế chủ trì, phối hợp với Sở Y tế và Công an tỉnh", ["Sở Y tế"], ["Công an tỉnh"]),  # an assignee is no coordinator
]


@pytest.mark.parametrize("text, assignees, expected", COORDINATORS, ids=[c[0][:40] for c in COORDINATORS])
def test_coordinators(text, assignees, expected):
    from extract.directive.agencies import coordinators
    assert coordinators(text, assignees) == expected


@pytest.mark.parametrize("text", [
    "theo Quy chế phối hợp giữa UBND tỉnh và Ủy ban MTTQ Việt Nam tỉnh",          # 62f25a03: a regulation's name
    "đã có sự phối hợp chặt chẽ, hiệu quả giữa Bộ Y tế và các bộ",                 # 75a0867a: an account
    "làm việc với Bộ Tài chính về kinh phí",                                        # DECISIONS 10: not after làm việc với
])
def test_no_coordinators(text):
    from extract.directive.agencies import coordinators
    assert coordinators(text) == []


# Subjects of real items (tests/gold/real/dev): generic collectives as the subject when no heading
# names anyone (DECISIONS A7), a lead clause before the subject, a run-in title on its own line.
SUBJECTS = [
    ("Các cơ quan, đơn vị căn cứ thành tích trong tổ chức thực hiện Đợt thi đua", ["Các cơ quan, đơn vị"]),  # 99c7d8ff
    ("Căn cứ kế hoạch này, Giám đốc các Sở, Thủ trưởng các ngành, cơ quan cấp tỉnh, UBND các xã, phường xây dựng kế hoạch",
     ["các Sở", "các ngành, cơ quan cấp tỉnh", "UBND các xã, phường"]),                                        # 0a97eb9c
    ("Các đơn vị có hồ sơ tại Phụ lục 04 khẩn trương xử lý", []),                                             # seed 000: a condition
]


@pytest.mark.parametrize("text, expected", SUBJECTS, ids=[c[0][:40] for c in SUBJECTS])
def test_subject_bodies(text, expected):
    from extract.directive.agencies import subject_bodies
    assert subject_bodies(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Sở Công Thương Chủ trì triển khai các nhiệm vụ tại mục (IV) (3) của Kế hoạch.", ["Sở Công Thương"]),   # ad5aff6c
    ("Văn phòng Tỉnh ủy, các Ban Xây dựng Đảng và Ủy ban Kiểm tra Tỉnh ủy chủ động triển khai",               # 0a97eb9c
     ["Văn phòng Tỉnh ủy", "các Ban Xây dựng Đảng", "Ủy ban Kiểm tra Tỉnh ủy"]),
    ("Mặt trận Tổ quốc tỉnh và các tổ chức chính trị - xã hội Phát huy vai trò trong tuyên truyền",            # ad5aff6c
     ["Mặt trận Tổ quốc tỉnh", "các tổ chức chính trị - xã hội"]),
    ("Ban Chỉ đạo định kỳ hoặc đột xuất tổ chức kiểm tra", ["Ban Chỉ đạo"]),                                  # 322358d6
])
def test_run_in_titles_and_lists(text, expected):
    assert heading_assignees(text)[0] == expected


def test_lead_in_names_the_bodies_of_the_items():                                                         # 99c7d8ff II
    from extract.directive.agencies import lead_in_bodies
    text = ("Để toàn dân đồng lòng, thi đua hành động; các sở, ban, ngành, Ủy ban Mặt trận Tổ quốc tỉnh, các tổ chức "
            "chính trị - xã hội triển khai Đợt thi đua, tập trung thi đua thực hiện các nội dung chủ yếu sau:")
    assert lead_in_bodies(text) == ["các sở, ban, ngành", "Ủy ban Mặt trận Tổ quốc tỉnh", "các tổ chức chính trị - xã hội"]


def test_lead_cell_stops_at_the_verb():                                                                   # ad5aff6c appendix
    assert lead_cell_bodies("Sở Khoa học và Công nghệ thúc đẩy, theo dõi, báo cáo chỉ tiêu") == ["Sở Khoa học và Công nghệ"]


@pytest.mark.parametrize("title, expected", [
    ("Trách nhiệm của Ban Chỉ đạo", ["Ban Chỉ đạo"]),                                            # 322358d6 Điều 4
    ("Trách nhiệm của Ủy viên kiêm Chánh Văn phòng Ban Chỉ đạo",
     ["Ủy viên kiêm Chánh Văn phòng Ban Chỉ đạo"]),                                              # 322358d6 Điều 8: role kept
    ("Nhiệm vụ, quyền hạn của các bộ, ngành và Ban Chỉ đạo phát triển du lịch các địa phương",
     ["các bộ, ngành", "Ban Chỉ đạo phát triển du lịch các địa phương"]),
    ("Trách nhiệm thi hành", []),                                                                 # 1a434d0a: no body
    ("Tổ chức thực hiện", []),
])
def test_duty_titles(title, expected):
    from extract.directive.agencies import duty_title_bodies
    assert duty_title_bodies(title) == expected


LATER_SENTENCES = [
    # an item of several sentences, the bodies its later sentences direct (DECISIONS A23, B29)
    ("Chủ tịch Ủy ban nhân dân tỉnh Hưng Yên khẩn trương làm việc với các địa phương có liên quan; báo cáo Thủ tướng "
     "Chính phủ kết quả trước ngày 03 tháng 12 năm 2025. Ủy ban nhân dân các tỉnh: Ninh Bình, Bắc Ninh, Phú Thọ, "
     "Tuyên Quang đẩy nhanh các thủ tục theo quy định của pháp luật.",                   # 2c71d790ecdeb8d1: a member
     ["Ủy ban nhân dân các tỉnh: Ninh Bình, Bắc Ninh, Phú Thọ, Tuyên Quang"]),          # list, not a run-in title
    ("Các Bộ, cơ quan báo cáo kết quả cắt giảm thủ tục hành chính. Các Báo cáo trên gửi Bộ Tư pháp trước ngày "
     "05 tháng 12 năm 2025. Trên cơ sở đó, Bộ Tư pháp tổng hợp, báo cáo Thủ tướng Chính phủ trước ngày 10 tháng "
     "12 năm 2025.", ["Bộ Tư pháp"]),                                                  # 405a6cabda393030 1.b5
    ("Giao đồng chí Bộ trưởng Bộ Xây dựng trực tiếp chỉ đạo kiểm tra, rà soát các dự án. Yêu cầu Nhà đầu tư "
     "(Tập đoàn Đèo Cả) rà soát, điều chỉnh lại kế hoạch, biện pháp tổ chức thi công; phối hợp với các doanh "
     "nghiệp địa phương.", ["Tập đoàn Đèo Cả"]),                                       # 50f694478a35aefd
    ("Tình hình mưa lũ gây tổn thất rất lớn về con người và tài sản. Yêu cầu các địa phương chủ động triển khai "
     "các biện pháp ứng phó.", ["các địa phương"]),                                    # a thông báo kết luận
    ("Các sở, ngành triển khai thực hiện. Đồng thời, Sở Tài chính bảo đảm kinh phí thực hiện.", ["Sở Tài chính"]),
    # later sentences that direct nobody
    ("Sở Nội vụ chủ trì hướng dẫn. Thành viên Ban Chỉ đạo gồm lãnh đạo các sở, ngành.", []),
    ("Sở Y tế chủ trì tổ chức thực hiện. Sở Tài chính phối hợp bố trí kinh phí.", []),          # a coordinator
    ("UBND các huyện triển khai. Từng cán bộ, công chức phải gương mẫu chấp hành.", []),        # persons
    ("Bộ Công an chủ trì. Bộ Nội vụ đã hướng dẫn việc này tại Công văn số 12/BNV-TCBC.", []),   # a statement
    ("Các địa phương rà soát. Nếu Sở Xây dựng phát hiện vi phạm thì xử lý theo quy định.", []),  # a condition
]


@pytest.mark.parametrize("text, expected", LATER_SENTENCES, ids=[c[0][-40:] for c in LATER_SENTENCES])
def test_later_sentences_direct_bodies(text, expected):
    from extract.directive.agencies import later_bodies
    assert later_bodies(text) == expected
