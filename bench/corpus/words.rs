//! Word tables of the benchmark corpus: place and body names, sentence parts, indicator and
//! group names, document types and their number styles.
//!
//! Input: none. Output: constant tables and `doc_number`. Guarantee: fixed data, so the corpus
//! built from it is the same for the same `n`.

/// A Vietnamese text with its English translation.
pub(super) type Pair = (&'static str, &'static str);

pub(super) const PROVINCES: [&str; 34] = [
    "Hà Nội",
    "Huế",
    "Lai Châu",
    "Điện Biên",
    "Sơn La",
    "Lạng Sơn",
    "Quảng Ninh",
    "Thanh Hóa",
    "Nghệ An",
    "Hà Tĩnh",
    "Cao Bằng",
    "Tuyên Quang",
    "Lào Cai",
    "Thái Nguyên",
    "Phú Thọ",
    "Bắc Ninh",
    "Hưng Yên",
    "Hải Phòng",
    "Ninh Bình",
    "Quảng Trị",
    "Đà Nẵng",
    "Quảng Ngãi",
    "Gia Lai",
    "Khánh Hòa",
    "Lâm Đồng",
    "Đắk Lắk",
    "Thành phố Hồ Chí Minh",
    "Đồng Nai",
    "Tây Ninh",
    "Cần Thơ",
    "Vĩnh Long",
    "Đồng Tháp",
    "Cà Mau",
    "An Giang",
];

/// Bodies of a province: Vietnamese name, English name, short names, kind.
pub(super) const BODIES: [(&str, &str, &str, &str, &str); 16] = [
    (
        "Sở Giáo dục và Đào tạo",
        "Department of Education and Training",
        "Sở GDĐT",
        "DOET",
        "department",
    ),
    (
        "Sở Tài chính",
        "Department of Finance",
        "Sở TC",
        "DOF",
        "department",
    ),
    (
        "Sở Nội vụ",
        "Department of Home Affairs",
        "Sở NV",
        "DOHA",
        "department",
    ),
    (
        "Sở Xây dựng",
        "Department of Construction",
        "Sở XD",
        "DOC",
        "department",
    ),
    (
        "Sở Khoa học và Công nghệ",
        "Department of Science and Technology",
        "Sở KHCN",
        "DOST",
        "department",
    ),
    (
        "Sở Y tế",
        "Department of Health",
        "Sở YT",
        "DOH",
        "department",
    ),
    (
        "Sở Văn hóa, Thể thao và Du lịch",
        "Department of Culture, Sports and Tourism",
        "Sở VHTTDL",
        "DOCST",
        "department",
    ),
    (
        "Sở Nông nghiệp và Môi trường",
        "Department of Agriculture and Environment",
        "Sở NNMT",
        "DOAE",
        "department",
    ),
    (
        "Sở Tư pháp",
        "Department of Justice",
        "Sở TP",
        "DOJ",
        "department",
    ),
    (
        "Sở Dân tộc và Tôn giáo",
        "Department of Ethnic and Religious Affairs",
        "Sở DTTG",
        "DOERA",
        "department",
    ),
    (
        "Ủy ban nhân dân",
        "People's Committee",
        "UBND",
        "PC",
        "people_committee",
    ),
    ("Công an", "Police", "CA", "Police", "police"),
    (
        "Ban Tuyên giáo và Dân vận",
        "Propaganda and Mass Mobilisation Commission",
        "BTGDV",
        "PMMC",
        "party_body",
    ),
    ("Trường Đại học", "University", "ĐH", "Univ.", "university"),
    (
        "Ban Quản lý dự án đầu tư xây dựng các công trình dân dụng",
        "Civil Works Construction Investment Project Board",
        "BQLDA",
        "PMB",
        "project_board",
    ),
    (
        "Hội Khuyến học",
        "Association for the Promotion of Learning",
        "HKH",
        "APL",
        "mass_organization",
    ),
];

/// Syllables for commune names (UBND xã …), used once the province bodies run out.
pub(super) const SYLLABLES: [&str; 20] = [
    "An", "Bình", "Hòa", "Tân", "Phú", "Thạnh", "Long", "Xuân", "Đông", "Tây", "Nam", "Bắc",
    "Hưng", "Phước", "Mỹ", "Vĩnh", "Quang", "Thanh", "Hà", "Sơn",
];

pub(super) const VERBS: [Pair; 10] = [
    ("Triển khai", "Implement"),
    ("Xây dựng", "Draw up"),
    ("Rà soát", "Review"),
    ("Hoàn thiện", "Complete"),
    ("Tăng cường", "Strengthen"),
    ("Đẩy mạnh", "Step up"),
    ("Nâng cao chất lượng", "Improve the quality of"),
    ("Tổ chức thực hiện", "Carry out"),
    ("Đầu tư", "Invest in"),
    ("Sửa đổi, bổ sung", "Amend and supplement"),
];

pub(super) const OBJECTS: [Pair; 16] = [
    (
        "kế hoạch đào tạo, bồi dưỡng đội ngũ giáo viên",
        "the plan for training and upskilling teachers",
    ),
    (
        "mạng lưới trường, lớp học các cấp",
        "the network of schools and classes at all levels",
    ),
    (
        "chương trình chuyển đổi số trong giáo dục",
        "the digital transformation programme in education",
    ),
    (
        "cơ sở vật chất trường mầm non",
        "the facilities of preschools",
    ),
    (
        "chính sách hỗ trợ học sinh vùng khó khăn",
        "the support policy for pupils in disadvantaged areas",
    ),
    (
        "đề án dạy và học ngoại ngữ",
        "the scheme for teaching and learning foreign languages",
    ),
    (
        "hệ thống giáo dục nghề nghiệp",
        "the vocational education system",
    ),
    (
        "phong trào học tập suốt đời",
        "the lifelong learning movement",
    ),
    (
        "cơ sở dữ liệu ngành giáo dục",
        "the education sector database",
    ),
    (
        "mô hình trường học xanh, an toàn",
        "the green and safe school model",
    ),
    (
        "giáo dục thể chất và thể thao trường học",
        "physical education and school sports",
    ),
    (
        "ứng dụng trí tuệ nhân tạo trong dạy học",
        "the use of artificial intelligence in teaching",
    ),
    (
        "kiểm định chất lượng giáo dục",
        "education quality accreditation",
    ),
    (
        "phổ cập giáo dục trung học phổ thông",
        "universal upper secondary education",
    ),
    (
        "giáo dục STEM và nghiên cứu khoa học",
        "STEM education and scientific research",
    ),
    (
        "xã hội hóa đầu tư cho giáo dục",
        "private and community investment in education",
    ),
];

pub(super) const QUALIFIERS: [Pair; 8] = [
    ("giai đoạn 2026 - 2030", "for 2026–2030"),
    ("trên địa bàn tỉnh", "across the province"),
    (
        "theo hướng chuẩn hóa, hiện đại hóa",
        "towards standardisation and modernisation",
    ),
    (
        "đáp ứng yêu cầu đổi mới căn bản, toàn diện",
        "meeting the requirements of fundamental, comprehensive reform",
    ),
    (
        "tại các xã, phường, đặc khu",
        "in communes, wards and special zones",
    ),
    ("tầm nhìn đến năm 2045", "with a vision to 2045"),
    (
        "cho vùng đồng bào dân tộc thiểu số",
        "for ethnic minority areas",
    ),
    (
        "gắn với chuyển đổi số",
        "linked with digital transformation",
    ),
];

pub(super) const RESULTS: [Pair; 6] = [
    (
        "Kế hoạch của UBND tỉnh",
        "Plan of the Provincial People's Committee",
    ),
    ("Báo cáo kết quả thực hiện", "Implementation report"),
    (
        "Nghị quyết của HĐND tỉnh",
        "Resolution of the Provincial People's Council",
    ),
    ("Đề án được phê duyệt", "Approved scheme"),
    ("Quyết định ban hành", "Decision issued"),
    ("Hệ thống phần mềm vận hành", "Software system in operation"),
];

pub(super) const SENTENCES: [Pair; 10] = [
    (
        "Nhiệm vụ được xây dựng trên cơ sở đánh giá thực trạng đội ngũ, cơ sở vật chất và nhu cầu học tập của người dân.",
        "The task was drawn up from an assessment of the staff, the facilities and the population's learning needs.",
    ),
    (
        "Cơ quan chủ trì phối hợp với các sở, ngành rà soát nguồn lực, đề xuất lộ trình cụ thể và báo cáo định kỳ hằng năm.",
        "The lead agency works with the departments and sectors to review resources, propose a concrete roadmap and report every year.",
    ),
    (
        "Kinh phí thực hiện được bố trí từ ngân sách nhà nước theo phân cấp và các nguồn huy động hợp pháp khác.",
        "Funding comes from the state budget according to the division of responsibilities and from other lawful sources.",
    ),
    (
        "Việc triển khai ưu tiên các địa bàn khó khăn, vùng sâu, vùng xa, vùng đồng bào dân tộc thiểu số và miền núi.",
        "Implementation gives priority to disadvantaged, remote, ethnic minority and mountainous areas.",
    ),
    (
        "Kết quả thực hiện là căn cứ để đánh giá, xếp loại mức độ hoàn thành nhiệm vụ của người đứng đầu cơ quan, đơn vị.",
        "The results are the basis for assessing how far the heads of agencies and units have fulfilled their duties.",
    ),
    (
        "Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, các cơ quan, đơn vị kịp thời báo cáo để xem xét, điều chỉnh.",
        "Agencies and units report any difficulty met during implementation promptly so that it can be considered and adjusted.",
    ),
    (
        "Bảng danh mục nhiệm vụ ghi thời gian hoàn thành khác với phần nội dung của văn bản; trang này công bố cả hai.",
        "The task table gives a completion time that differs from the text of the document; this page publishes both.",
    ),
    (
        "Số liệu được tổng hợp từ báo cáo của các xã, phường, đặc khu và các cơ sở giáo dục trực thuộc.",
        "The figures are compiled from the reports of the communes, wards and special zones and of the schools under them.",
    ),
    (
        "Đề nghị các cơ quan báo chí tăng cường tuyên truyền để tạo sự đồng thuận của xã hội.",
        "The press is asked to step up communication to build consensus in society.",
    ),
    (
        "Nội dung này được điều chỉnh so với dự thảo sau khi lấy ý kiến các sở, ngành và địa phương.",
        "This content was changed from the draft after consulting the departments, sectors and localities.",
    ),
];

pub(super) const INDICATORS: [Pair; 10] = [
    (
        "Tỷ lệ trường phổ thông đạt chuẩn quốc gia",
        "Share of general schools meeting national standards",
    ),
    (
        "Tỷ lệ trẻ em mầm non được học 2 buổi/ngày",
        "Share of preschool children attending two sessions a day",
    ),
    (
        "Tỷ lệ người trong độ tuổi hoàn thành cấp trung học phổ thông",
        "Share of people of the age group completing upper secondary school",
    ),
    (
        "Số trường liên cấp quốc tế",
        "Number of international inter-level schools",
    ),
    (
        "Tỷ lệ giáo viên đạt chuẩn trình độ đào tạo",
        "Share of teachers with the standard qualification",
    ),
    (
        "Tỷ lệ cơ sở giáo dục ứng dụng trí tuệ nhân tạo",
        "Share of schools using artificial intelligence",
    ),
    (
        "Số sinh viên trên một vạn dân",
        "Students per ten thousand inhabitants",
    ),
    (
        "Tỷ lệ xã, phường đạt chuẩn xóa mù chữ mức độ 2",
        "Share of communes and wards meeting literacy level 2",
    ),
    (
        "Tỷ lệ học sinh được học ngoại ngữ thứ hai",
        "Share of pupils learning a second foreign language",
    ),
    (
        "Chỉ số giáo dục đóng góp vào HDI",
        "Education index contributing to the HDI",
    ),
];

pub(super) const GROUPS: [Pair; 10] = [
    (
        "Nâng cao nhận thức, đổi mới tư duy và hành động",
        "Raising awareness and renewing thinking and action",
    ),
    (
        "Đổi mới thể chế, cơ chế, chính sách",
        "Reforming institutions, mechanisms and policies",
    ),
    ("Giáo dục toàn diện", "All-round education"),
    (
        "Chuyển đổi số toàn diện trong giáo dục",
        "Comprehensive digital transformation in education",
    ),
    (
        "Phát triển đội ngũ nhà giáo và cán bộ quản lý",
        "Developing teachers and managers",
    ),
    (
        "Tăng cường đầu tư, hiện đại hóa cơ sở vật chất",
        "More investment and modern facilities",
    ),
    (
        "Hiện đại hóa giáo dục nghề nghiệp và đại học",
        "Modernising vocational and higher education",
    ),
    (
        "Hội nhập quốc tế trong giáo dục",
        "International integration in education",
    ),
    ("Xây dựng xã hội học tập", "Building a learning society"),
    (
        "Kiểm tra, giám sát, đánh giá",
        "Inspection, supervision and evaluation",
    ),
];

pub(super) const ROMAN: [&str; 10] = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"];

/// Document types: key, Vietnamese name, English name, number pattern.
pub(super) const DOC_TYPES: [(&str, &str, &str); 10] = [
    ("resolution", "Nghị quyết", "Resolution"),
    ("decision", "Quyết định", "Decision"),
    ("plan", "Kế hoạch", "Plan"),
    ("programme", "Chương trình", "Programme"),
    ("circular", "Thông tư", "Circular"),
    ("decree", "Nghị định", "Decree"),
    ("official_letter", "Công văn", "Official letter"),
    ("conclusion", "Kết luận", "Conclusion"),
    ("directive", "Chỉ thị", "Directive"),
    ("notice", "Thông báo", "Notice"),
];

/// A document number in the style of its type ("123/2025/NQ-HĐND", "71-NQ/TW").
pub(super) fn doc_number(key: &str, i: usize, num: usize, year: u16) -> String {
    match key {
        "resolution" if i.is_multiple_of(2) => format!("{num}-NQ/TW"),
        "resolution" => format!("{num}/{year}/NQ-HĐND"),
        "decision" if i.is_multiple_of(3) => format!("{num}/QĐ-TTg"),
        "decision" => format!("{num}/QĐ-UBND"),
        "plan" => format!("{num}/KH-UBND"),
        "programme" => format!("{num}-CTr/TU"),
        "circular" => format!("{num}/{year}/TT-BGDĐT"),
        "decree" => format!("{num}/{year}/NĐ-CP"),
        "official_letter" => format!("{num}/UBND-VX"),
        "conclusion" => format!("{num}-KL/TW"),
        "directive" => format!("{num}/CT-TTg"),
        _ => format!("{num}/TB-VPCP"),
    }
}
