//! A synthetic benchmark site, of the same shape as the real one but of any size.
//!
//! Input: a number of tasks `n` and a folder. Output: `DIR/content/` holding a complete site —
//! `site.yaml`, groups, `n / 10` agencies, `n` tasks (split over files of 500), `n / 5`
//! indicators, `n / 20` documents (every tenth with a hosted markdown text), `n / 100`
//! projects, a budget tree, a glossary and an about page — with Vietnamese text (tone marks)
//! and its English translation everywhere. Tasks cite documents in `basis` and name document
//! numbers (`Nghị quyết số 123/2025/NQ-HĐND`) in their texts. Guarantee: deterministic (the
//! same `n` gives byte-identical files: a fixed-seed splitmix64 generator, no clock, no hash
//! order); the result passes `camket check --strict` (100 % English coverage). The data is
//! invented and is only for measuring speed: it is never published.

use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::Path;

use crate::strings::slug;

/// Tasks per YAML file in `tasks/`.
const TASKS_PER_FILE: usize = 500;
/// Records per YAML file for the other kinds.
const RECORDS_PER_FILE: usize = 1000;
/// The file beside `content/` marking a folder as generated (so it may be overwritten).
pub const MARKER: &str = ".camket-bench";

/// What was generated.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CorpusStats {
    /// Tasks.
    pub tasks: usize,
    /// Agencies.
    pub agencies: usize,
    /// Documents.
    pub documents: usize,
    /// Documents with a hosted text.
    pub hosted: usize,
    /// Objectives (indicators).
    pub objectives: usize,
    /// Projects.
    pub projects: usize,
    /// Files written.
    pub files: usize,
    /// Bytes written.
    pub bytes: u64,
}

/// splitmix64: a tiny, fast, well-distributed generator; enough for synthetic data.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `0..n` (`n > 0`).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    /// One element of a slice.
    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }
    /// True with probability `pct` %.
    fn chance(&mut self, pct: usize) -> bool {
        self.below(100) < pct
    }
}

/// A Vietnamese text with its English translation.
type Pair = (&'static str, &'static str);

const PROVINCES: [&str; 34] = [
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
const BODIES: [(&str, &str, &str, &str, &str); 16] = [
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
const SYLLABLES: [&str; 20] = [
    "An", "Bình", "Hòa", "Tân", "Phú", "Thạnh", "Long", "Xuân", "Đông", "Tây", "Nam", "Bắc",
    "Hưng", "Phước", "Mỹ", "Vĩnh", "Quang", "Thanh", "Hà", "Sơn",
];

const VERBS: [Pair; 10] = [
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

const OBJECTS: [Pair; 16] = [
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

const QUALIFIERS: [Pair; 8] = [
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

const RESULTS: [Pair; 6] = [
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

const SENTENCES: [Pair; 10] = [
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

const INDICATORS: [Pair; 10] = [
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

const GROUPS: [Pair; 10] = [
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

const ROMAN: [&str; 10] = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"];

/// Document types: key, Vietnamese name, English name, number pattern.
const DOC_TYPES: [(&str, &str, &str); 10] = [
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
fn doc_number(key: &str, i: usize, num: usize, year: u16) -> String {
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

/// A generated document, as the tasks need to cite it.
struct Doc {
    id: String,
    vi_type: &'static str,
    en_type: &'static str,
    number: String,
    date: (u16, u8, u8),
    hosted: bool,
}

/// Writes the corpus for `n` tasks into `dir/content/`. Refuses to overwrite a `content/`
/// folder that it did not generate itself (no marker file).
pub fn generate(n: usize, dir: &Path) -> io::Result<CorpusStats> {
    let content = dir.join("content");
    if content.exists() {
        if !dir.join(MARKER).is_file() {
            return Err(io::Error::other(format!(
                "{} exists and was not made by gen-bench; choose an empty folder",
                content.display()
            )));
        }
        fs::remove_dir_all(&content)?;
    }
    fs::create_dir_all(&content)?;
    fs::write(
        dir.join(MARKER),
        "generated by `camket gen-bench`; content/ may be overwritten\n",
    )?;
    let mut g = Gen {
        rng: Rng(0x0000_C0FF_EECA_3CE7_u64 ^ n as u64),
        content: content.clone(),
        stats: CorpusStats::default(),
    };
    g.run(n.max(20))?;
    Ok(g.stats)
}

struct Gen {
    rng: Rng,
    content: std::path::PathBuf,
    stats: CorpusStats,
}

/// A YAML double-quoted scalar (JSON string syntax is valid YAML).
fn q(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

/// A `{vi, en}` text at an indentation.
fn text(out: &mut String, indent: &str, key: &str, vi: &str, en: &str) {
    let _ = writeln!(out, "{indent}{key}:");
    let _ = writeln!(out, "{indent}  vi: {}", q(vi));
    let _ = writeln!(out, "{indent}  en: {}", q(en));
}

impl Gen {
    fn write(&mut self, rel: &str, body: &str) -> io::Result<()> {
        let path = self.content.join(rel);
        if let Some(d) = path.parent() {
            fs::create_dir_all(d)?;
        }
        fs::write(&path, body)?;
        self.stats.files += 1;
        self.stats.bytes += body.len() as u64;
        Ok(())
    }

    fn run(&mut self, n: usize) -> io::Result<()> {
        let n_agencies = (n / 10).max(3);
        let n_docs = (n / 20).max(5);
        let n_objectives = (n / 5).max(4);
        let n_projects = (n / 100).max(1);
        let n_groups = 10.min(n / 20).max(1);

        let docs = self.documents(n_docs)?;
        let plan = docs[0].id.clone();
        self.site(&plan)?;
        self.groups(n_groups, &plan)?;
        let agencies = self.agencies(n_agencies)?;
        let objectives = self.objectives(n_objectives, &agencies, &plan)?;
        let tasks = self.tasks(n, n_groups, &agencies, &docs, &objectives, n_projects)?;
        self.projects(n_projects, &agencies, &tasks, &plan)?;
        self.budget(n_groups, n_projects, &plan)?;
        self.glossary()?;
        self.about(n, &docs[0])?;
        Ok(())
    }

    fn site(&mut self, plan: &str) -> io::Result<()> {
        let mut s = String::new();
        text(
            &mut s,
            "",
            "title",
            "Theo dõi kế hoạch phát triển giáo dục của các tỉnh, thành phố (dữ liệu thử)",
            "Tracking the provinces' education development plans (test data)",
        );
        text(
            &mut s,
            "",
            "description",
            "Dữ liệu tổng hợp do camket gen-bench tạo ra để đo tốc độ; không phải dữ liệu thật.",
            "Synthetic data made by camket gen-bench to measure speed; not real data.",
        );
        text(
            &mut s,
            "",
            "publisher",
            "Bộ dữ liệu thử của camket",
            "camket test data",
        );
        let _ = writeln!(s, "plan: {plan}");
        s.push_str(
            "languages: [vi, en]\ndefault_language: vi\ndata_as_of: \"2026-06-30\"\nbase_url: \"\"\n",
        );
        self.write("site.yaml", &s)
    }

    fn groups(&mut self, n_groups: usize, plan: &str) -> io::Result<()> {
        let mut s = String::from("# Solution groups (synthetic).\n");
        for (i, (vi, en)) in GROUPS.iter().enumerate().take(n_groups) {
            let _ = writeln!(s, "- id: nhom-{}", i + 1);
            let _ = writeln!(s, "  kind: task\n  number: {}", q(ROMAN[i]));
            text(&mut s, "  ", "title", vi, en);
            let _ = writeln!(s, "  order: {}", i + 1);
            let _ = writeln!(
                s,
                "  source:\n    document: {plan}\n    anchor: nhom-{}",
                i + 1
            );
        }
        self.write("groups/giai-phap.yaml", &s)?;
        let mut s = String::from("# Indicator groups (synthetic).\n");
        for (h, count) in [(2030u16, 6usize), (2035, 2), (2045, 1)] {
            for k in 1..=count {
                let _ = writeln!(s, "- id: chi-tieu-{h}-{k}");
                let _ = writeln!(s, "  kind: objective\n  number: \"{k}\"\n  horizon: {h}");
                let (vi, en) = GROUPS[(k + h as usize) % GROUPS.len()];
                text(&mut s, "  ", "title", vi, en);
                let _ = writeln!(s, "  order: {k}");
            }
        }
        self.write("groups/chi-tieu.yaml", &s)
    }

    fn agencies(&mut self, count: usize) -> io::Result<Vec<String>> {
        let mut ids = Vec::with_capacity(count);
        let mut seen = std::collections::BTreeSet::new();
        let mut files: Vec<String> = Vec::new();
        for i in 0..count {
            if i % RECORDS_PER_FILE == 0 {
                files.push(String::from("# Agencies (synthetic).\n"));
            }
            let province = PROVINCES[(i / BODIES.len()) % PROVINCES.len()];
            let (name_vi, name_en, short_vi, short_en, kind, id_base);
            let round = i / (BODIES.len() * PROVINCES.len());
            if round == 0 {
                let b = BODIES[i % BODIES.len()];
                let place_vi = if b.4 == "university" {
                    province.to_owned()
                } else {
                    format!("tỉnh {province}")
                };
                name_vi = format!("{} {place_vi}", b.0);
                name_en = format!("{} of {province}", b.1);
                short_vi = format!("{} {province}", b.2);
                short_en = format!("{} {province}", b.3);
                kind = b.4;
                id_base = short_vi.clone();
            } else {
                let a = SYLLABLES[i % SYLLABLES.len()];
                let b = SYLLABLES[(i / SYLLABLES.len()) % SYLLABLES.len()];
                let commune = format!("{a} {b}");
                let suffix = if round > 1 {
                    format!(" {round}")
                } else {
                    String::new()
                };
                name_vi = format!("Ủy ban nhân dân xã {commune}{suffix}, tỉnh {province}");
                name_en = format!("People's Committee of {commune}{suffix} commune, {province}");
                short_vi = format!("UBND xã {commune}{suffix}");
                short_en = format!("{commune}{suffix} PC");
                kind = "people_committee";
                id_base = format!("{short_vi} {province}");
            }
            let mut id = slug(&id_base);
            id.truncate(60);
            let id_trim = id.trim_end_matches('-').len();
            id.truncate(id_trim);
            if !seen.insert(id.clone()) {
                id = format!("{id}-{i}");
                seen.insert(id.clone());
            }
            let s = files.last_mut().expect("a file was started");
            let _ = writeln!(s, "- id: {id}");
            text(s, "  ", "name", &name_vi, &name_en);
            text(s, "  ", "short_name", &short_vi, &short_en);
            let _ = writeln!(s, "  kind: {kind}");
            if self.rng.chance(50) {
                s.push_str("  duties:\n");
                for (k, label) in ["a", "b", "c"].iter().enumerate().take(1 + i % 3) {
                    let _ = writeln!(s, "    - label: \"{label}\"");
                    let (vi, en) = SENTENCES[(i + k) % SENTENCES.len()];
                    text(s, "      ", "text", vi, en);
                }
            }
            ids.push(id);
        }
        for (k, body) in files.iter().enumerate() {
            self.write(&format!("agencies/co-quan-{:03}.yaml", k + 1), body)?;
        }
        self.stats.agencies = count;
        Ok(ids)
    }

    fn documents(&mut self, count: usize) -> io::Result<Vec<Doc>> {
        let mut docs = Vec::with_capacity(count);
        let mut seen = std::collections::BTreeSet::new();
        let mut numbers = std::collections::BTreeSet::new();
        for i in 0..count {
            let (key, vi_type, en_type) = if i == 0 {
                DOC_TYPES[1]
            } else {
                *self.rng.pick(&DOC_TYPES)
            };
            let year = 2018 + self.rng.below(9) as u16;
            let month = 1 + self.rng.below(12) as u8;
            let day = 1 + self.rng.below(28) as u8;
            let date = if year == 2026 && month > 6 {
                (2026, 6, day)
            } else {
                (year, month, day)
            };
            let mut num = 1 + i * 7 % 3000 + self.rng.below(7);
            let number = loop {
                let number = doc_number(key, i, num, date.0);
                // Numbers are unique, so every citation in the text names one document.
                if numbers.insert(number.clone()) {
                    break number;
                }
                num += 3000;
            };
            let mut id = slug(&number);
            if !number.contains(&date.0.to_string()) {
                id = format!("{id}-{}", date.0);
            }
            if !seen.insert(id.clone()) {
                id = format!("{id}-{i}");
                seen.insert(id.clone());
            }
            docs.push(Doc {
                id,
                vi_type,
                en_type,
                number,
                date,
                hosted: i % 10 == 0,
            });
        }
        let mut files: Vec<String> = Vec::new();
        for (i, d) in docs.iter().enumerate() {
            if i % RECORDS_PER_FILE == 0 {
                files.push(String::from("# Documents (synthetic).\n"));
            }
            let (obj_vi, obj_en) = OBJECTS[i % OBJECTS.len()];
            let s = files.last_mut().expect("a file was started");
            let _ = writeln!(s, "- id: {}", d.id);
            let _ = writeln!(s, "  number: {}", q(&d.number));
            let key = DOC_TYPES
                .iter()
                .find(|t| t.1 == d.vi_type)
                .map(|t| t.0)
                .unwrap_or("other");
            let _ = writeln!(s, "  type: {key}");
            let province = PROVINCES[i % PROVINCES.len()];
            text(
                s,
                "  ",
                "issuer",
                &format!("Ủy ban nhân dân tỉnh {province}"),
                &format!("People's Committee of {province}"),
            );
            let _ = writeln!(
                s,
                "  date: \"{:04}-{:02}-{:02}\"",
                d.date.0, d.date.1, d.date.2
            );
            text(
                s,
                "  ",
                "title",
                &format!("Về {obj_vi}"),
                &format!("On {obj_en}"),
            );
            if i > 0 && self.rng.chance(30) {
                let _ = writeln!(s, "  cited_as:");
                let _ = writeln!(s, "    - document: {}", docs[0].id);
                let _ = writeln!(s, "      anchor: nhom-{}", 1 + i % 10);
            }
        }
        for (k, body) in files.iter().enumerate() {
            self.write(&format!("documents/van-ban-{:03}.yaml", k + 1), body)?;
        }
        for (i, d) in docs.iter().enumerate().filter(|(_, d)| d.hosted) {
            let md = self.hosted_text(i, d, &docs);
            self.write(&format!("documents/{}.vi.md", d.id), &md)?;
            self.stats.hosted += 1;
        }
        self.stats.documents = count;
        Ok(docs)
    }

    /// A few articles of markdown, citing other documents by number.
    fn hosted_text(&mut self, i: usize, d: &Doc, docs: &[Doc]) -> String {
        let mut s = format!("# {} số {}\n\n", d.vi_type.to_uppercase(), d.number);
        if i == 0 {
            // The plan: one section per solution group, the anchors the tasks point at.
            for (g, (vi, _)) in GROUPS.iter().enumerate() {
                let _ = writeln!(s, "## {}. {vi} {{#nhom-{}}}\n", ROMAN[g], g + 1);
                let _ = writeln!(s, "{}\n", SENTENCES[g % SENTENCES.len()].0);
            }
            return s;
        }
        for art in 1..=3 + self.rng.below(3) {
            let other = &docs[self.rng.below(docs.len())];
            let _ = writeln!(s, "## Điều {art} {{#dieu-{art}}}\n");
            let _ = writeln!(
                s,
                "Căn cứ {} số {} ngày {:02}/{:02}/{}, {}\n",
                other.vi_type,
                other.number,
                other.date.2,
                other.date.1,
                other.date.0,
                SENTENCES[(i + art) % SENTENCES.len()].0
            );
            for k in 0..3 {
                let (vi, _) = OBJECTS[(i + art + k) % OBJECTS.len()];
                if k == 0 {
                    let _ = writeln!(s, "- **{vi}**;");
                } else {
                    let _ = writeln!(s, "- {vi};");
                }
            }
            let _ = writeln!(s, "\n{}\n", SENTENCES[(i + art + 3) % SENTENCES.len()].0);
        }
        s
    }

    fn objectives(
        &mut self,
        count: usize,
        agencies: &[String],
        plan: &str,
    ) -> io::Result<Vec<String>> {
        let mut ids = Vec::with_capacity(count);
        let mut files: Vec<String> = Vec::new();
        // Rows per (horizon, group), and the last row given a sub-row.
        let mut rows: std::collections::BTreeMap<(u16, usize), (usize, usize)> =
            std::collections::BTreeMap::new();
        for i in 0..count {
            if i % RECORDS_PER_FILE == 0 {
                files.push(String::from("# Objectives and indicators (synthetic).\n"));
            }
            let (h, groups) = match i % 10 {
                0..=6 => (2030u16, 6usize),
                7 | 8 => (2035, 2),
                _ => (2045, 1),
            };
            let g = 1 + (i / 10) % groups;
            let (last, with_child) = rows.entry((h, g)).or_insert((0, 0));
            let is_child = i % 7 == 6 && *last > 0 && *with_child != *last;
            let number = if is_child {
                *with_child = *last;
                format!("{g}.{last}.1")
            } else {
                *last += 1;
                format!("{g}.{last}")
            };
            let parent = format!("chi-tieu-{h}-{g}-{last}");
            let id = format!("chi-tieu-{h}-{}", number.replace('.', "-"));
            let s = files.last_mut().expect("a file was started");
            let _ = writeln!(s, "- id: {id}");
            let _ = writeln!(s, "  number: \"{number}\"\n  horizon: {h}");
            let _ = writeln!(s, "  group: chi-tieu-{h}-{g}");
            if is_child {
                let _ = writeln!(s, "  parent: {parent}");
            }
            let (vi, en) = INDICATORS[i % INDICATORS.len()];
            let province = PROVINCES[i % PROVINCES.len()];
            text(
                s,
                "  ",
                "title",
                &format!("{vi} tại tỉnh {province}"),
                &format!("{en} in {province}"),
            );
            text(s, "  ", "unit", "%", "%");
            let v = 50 + self.rng.below(50);
            let _ = writeln!(s, "  target:");
            text(s, "    ", "text", &format!("≥ {v}"), &format!("≥ {v}"));
            let _ = writeln!(s, "    comparator: \"≥\"\n    value: \"{v}\"");
            let _ = writeln!(s, "  lead:\n    - {}", self.rng.pick(agencies));
            let _ = writeln!(s, "  source:\n    document: {plan}\n    line: {}", 100 + i);
            ids.push(id);
        }
        for (k, body) in files.iter().enumerate() {
            self.write(&format!("objectives/chi-tieu-{:03}.yaml", k + 1), body)?;
        }
        self.stats.objectives = count;
        Ok(ids)
    }

    #[allow(clippy::too_many_arguments)]
    fn tasks(
        &mut self,
        n: usize,
        n_groups: usize,
        agencies: &[String],
        docs: &[Doc],
        objectives: &[String],
        n_projects: usize,
    ) -> io::Result<Vec<String>> {
        let mut ids = Vec::with_capacity(n);
        let mut per_group = vec![0usize; n_groups];
        let busy = (agencies.len() / 100).max(1);
        let mut file = String::new();
        let mut file_no = 0;
        for i in 0..n {
            if i % TASKS_PER_FILE == 0 {
                if i > 0 {
                    file_no += 1;
                    let body = std::mem::take(&mut file);
                    self.write(&format!("tasks/nhiem-vu-{file_no:03}.yaml"), &body)?;
                }
                file.push_str("# Tasks (synthetic).\n");
            }
            let g = (i * n_groups) / n;
            per_group[g] += 1;
            let id = format!("nv-{:05}", i + 1);
            let s = &mut file;
            let _ = writeln!(s, "- id: {id}");
            if i % 50 == 7 {
                let _ = writeln!(s, "  aliases: [nv-cu-{:05}]", i + 1);
            }
            let _ = writeln!(s, "  number: \"{}.{}\"", ROMAN[g], per_group[g]);
            let _ = writeln!(s, "  group: nhom-{}", g + 1);
            let (vvi, ven) = *self.rng.pick(&VERBS);
            let (ovi, oen) = *self.rng.pick(&OBJECTS);
            let (qvi, qen) = *self.rng.pick(&QUALIFIERS);
            let cite = &docs[self.rng.below(docs.len())];
            let (tvi, ten) = if i % 4 == 0 {
                (
                    format!(
                        "{vvi} {ovi} {qvi} theo {} số {}",
                        cite.vi_type.to_lowercase(),
                        cite.number
                    ),
                    format!(
                        "{ven} {oen} {qen} under {} No. {}",
                        cite.en_type, cite.number
                    ),
                )
            } else {
                (format!("{vvi} {ovi} {qvi}"), format!("{ven} {oen} {qen}"))
            };
            text(s, "  ", "title", &tvi, &ten);
            let lead = if self.rng.chance(30) {
                &agencies[self.rng.below(busy)]
            } else {
                self.rng.pick(agencies)
            };
            let _ = writeln!(s, "  lead:\n    - {lead}");
            let mut coord: Vec<&String> = Vec::new();
            for _ in 0..self.rng.below(4) {
                let a = self.rng.pick(agencies);
                if a != lead && !coord.contains(&a) {
                    coord.push(a);
                }
            }
            if !coord.is_empty() || i % 9 == 0 {
                s.push_str("  coordinators:\n");
                for a in coord {
                    let _ = writeln!(s, "    - {a}");
                }
                if i % 9 == 0 {
                    s.push_str("    - ");
                    text(
                        s,
                        "",
                        "text",
                        "Các sở, ban, ngành; UBND các xã, phường, đặc khu",
                        "Departments, boards and sectors; People's Committees of communes, wards and special zones",
                    );
                    fix_list_item(s);
                }
            }
            let (rvi, ren) = *self.rng.pick(&RESULTS);
            text(s, "  ", "result", rvi, ren);
            self.deadline(s, i);
            s.push_str("  basis:\n");
            let mut cited: Vec<&Doc> = vec![cite];
            for _ in 0..self.rng.below(3) {
                let d = &docs[self.rng.below(docs.len())];
                if !cited.iter().any(|c| c.id == d.id) {
                    cited.push(d);
                }
            }
            for (k, d) in cited.into_iter().enumerate() {
                let _ = writeln!(s, "    - document: {}", d.id);
                if self.rng.chance(40) {
                    let _ = writeln!(
                        s,
                        "      clause: \"điểm {} khoản {} mục II\"",
                        ["a", "b", "c", "d", "đ"][k % 5],
                        1 + self.rng.below(9)
                    );
                }
                let _ = writeln!(
                    s,
                    "      as_written: {}",
                    q(&format!(
                        "{} số {} ngày {:02}/{:02}/{}",
                        d.vi_type, d.number, d.date.2, d.date.1, d.date.0
                    ))
                );
            }
            if self.rng.chance(60) {
                let whole = 1 + self.rng.below(900);
                let frac = self.rng.below(1000);
                let _ = writeln!(
                    s,
                    "  budget:\n    amount: \"{whole}.{frac:03}\"\n    as_written: \"{whole},{frac:03} tỷ đồng\""
                );
                text(
                    s,
                    "    ",
                    "funding",
                    "NSNN, nguồn xã hội hóa",
                    "State budget, private and community contributions",
                );
            }
            if !objectives.is_empty() && self.rng.chance(50) {
                let _ = writeln!(s, "  objectives:\n    - {}", self.rng.pick(objectives));
            }
            if i % 100 == 3 {
                let _ = writeln!(
                    s,
                    "  projects:\n    - du-an-{:04}",
                    1 + i / 100 % n_projects
                );
            }
            if i % 40 == 39 {
                s.push_str("  in_approved_plan: false\n");
            }
            if i % 5 == 0 || i % 40 == 39 {
                let _ = writeln!(
                    s,
                    "  draft:\n    document: {}\n    number: \"{}.{}\"",
                    docs[docs.len().min(2) - 1].id,
                    ROMAN[g],
                    per_group[g] + 1
                );
                if i % 10 == 0 {
                    text(s, "    ", "deadline", "Năm 2025", "2025");
                }
            }
            if i % 6 == 1 {
                s.push_str("  reports:\n");
                let status = *self.rng.pick(&[
                    "completed_on_time",
                    "completed_late",
                    "in_progress",
                    "overdue",
                    "ongoing",
                ]);
                let _ = writeln!(
                    s,
                    "    - date: \"2026-0{}-15\"\n      status: {status}\n      percent: {}",
                    1 + self.rng.below(6),
                    self.rng.below(101)
                );
                text(
                    s,
                    "      ",
                    "note",
                    SENTENCES[i % SENTENCES.len()].0,
                    SENTENCES[i % SENTENCES.len()].1,
                );
            }
            // The task's description: a few paragraphs, one note each, naming documents.
            s.push_str("  notes:\n");
            for p in 0..2 + self.rng.below(2) {
                let d = &docs[self.rng.below(docs.len())];
                let (a, b) = (
                    SENTENCES[(i + p) % SENTENCES.len()],
                    SENTENCES[(i + p + 4) % SENTENCES.len()],
                );
                let vi = format!(
                    "{} Theo {} số {} ngày {:02}/{:02}/{}, {}",
                    a.0,
                    d.vi_type.to_lowercase(),
                    d.number,
                    d.date.2,
                    d.date.1,
                    d.date.0,
                    lower_first(b.0),
                );
                let en = format!(
                    "{} Under {} No. {} of {:02}/{:02}/{}, {}",
                    a.1,
                    d.en_type,
                    d.number,
                    d.date.2,
                    d.date.1,
                    d.date.0,
                    lower_first(b.1),
                );
                s.push_str("    - ");
                text(s, "", "text", &vi, &en);
                // re-indent the two lines written by `text` under the list item
                fix_list_item(s);
                if p == 0 {
                    let _ = writeln!(
                        s,
                        "      source:\n        document: {}\n        line: {}",
                        docs[0].id,
                        10 + i
                    );
                }
            }
            let _ = writeln!(
                s,
                "  source:\n    document: {}\n    line: {}\n    anchor: nhom-{}",
                docs[0].id,
                1000 + i,
                g + 1
            );
            ids.push(id);
        }
        file_no += 1;
        self.write(&format!("tasks/nhiem-vu-{file_no:03}.yaml"), &file)?;
        self.stats.tasks = n;
        Ok(ids)
    }

    fn deadline(&mut self, s: &mut String, i: usize) {
        let y = 2025 + self.rng.below(6);
        match i % 8 {
            0..=2 => {
                s.push_str("  deadline:\n");
                text(s, "    ", "text", &format!("Năm {y}"), &y.to_string());
                let _ = writeln!(s, "    year: {y}");
            }
            3 => {
                let qn = 1 + self.rng.below(4);
                let roman = ROMAN[qn - 1];
                s.push_str("  deadline:\n");
                text(
                    s,
                    "    ",
                    "text",
                    &format!("Quý {roman} năm {y}"),
                    &format!("Q{qn} {y}"),
                );
                let _ = writeln!(s, "    year: {y}\n    quarter: {qn}");
            }
            4 => {
                let m = 1 + self.rng.below(12);
                s.push_str("  deadline:\n");
                text(
                    s,
                    "    ",
                    "text",
                    &format!("Tháng {m}/{y}"),
                    &format!("{} {y}", crate::strings::MONTHS_EN[m - 1]),
                );
                let _ = writeln!(s, "    year: {y}\n    month: {m}");
            }
            5 => {
                s.push_str("  deadline:\n");
                text(s, "    ", "text", "Giai đoạn 2026 - 2030", "2026–2030");
                s.push_str("    from: 2026\n    to: 2030\n");
            }
            6 => {
                s.push_str("  deadline:\n");
                if i % 16 == 6 {
                    text(s, "    ", "text", "Thường xuyên", "Continuous");
                    s.push_str("    recurring: continuous\n");
                } else {
                    text(s, "    ", "text", "Hằng năm", "Every year");
                    s.push_str("    recurring: annual\n");
                }
            }
            _ => {
                if i % 16 == 7 {
                    s.push_str("  deadline:\n");
                    text(
                        s,
                        "    ",
                        "text",
                        "Sau khi Chính phủ ban hành Nghị định",
                        "After the Government issues the Decree",
                    );
                    text(
                        s,
                        "    ",
                        "condition",
                        "Sau khi Chính phủ ban hành Nghị định",
                        "After the Government issues the Decree",
                    );
                }
            }
        }
    }

    fn projects(
        &mut self,
        count: usize,
        agencies: &[String],
        tasks: &[String],
        plan: &str,
    ) -> io::Result<()> {
        let mut s = String::from("# Investment projects (synthetic).\n");
        for i in 0..count {
            let _ = writeln!(s, "- id: du-an-{:04}", i + 1);
            let _ = writeln!(s, "  number: \"{}\"", i + 1);
            let province = PROVINCES[i % PROVINCES.len()];
            text(
                &mut s,
                "  ",
                "title",
                &format!(
                    "Xây dựng trường trung học phổ thông chuyên tỉnh {province}, cơ sở {}",
                    i + 1
                ),
                &format!(
                    "Building the specialised upper secondary school of {province}, campus {}",
                    i + 1
                ),
            );
            let _ = writeln!(s, "  lead:\n    - {}", self.rng.pick(agencies));
            let whole = 50 + self.rng.below(900);
            let _ = writeln!(
                s,
                "  budget:\n    amount: \"{whole}.5\"\n    as_written: \"{whole},5 tỷ đồng\""
            );
            text(
                &mut s,
                "    ",
                "funding",
                "Ngân sách tỉnh",
                "Provincial budget",
            );
            let _ = writeln!(
                s,
                "  phasing:\n    - year: 2026\n      amount: \"{}\"\n    - year: 2027\n      amount: \"{}.5\"",
                whole / 2,
                whole - whole / 2
            );
            let _ = writeln!(s, "  tasks:\n    - {}", self.rng.pick(tasks));
            let _ = writeln!(s, "  source:\n    document: {plan}\n    line: {}", 5000 + i);
        }
        self.stats.projects = count;
        self.write("projects/du-an.yaml", &s)
    }

    fn budget(&mut self, n_groups: usize, n_projects: usize, plan: &str) -> io::Result<()> {
        let mut s = String::from("# Budget figures (synthetic).\n- id: tong\n  facet: total\n");
        text(&mut s, "  ", "title", "Tổng kinh phí", "Total funding");
        let _ = writeln!(
            s,
            "  amount: \"{}.5\"\n  as_written: \"{},5 tỷ đồng\"",
            n_groups * 1000,
            n_groups * 1000
        );
        s.push_str("  projects:\n");
        for p in 0..n_projects.min(5) {
            let _ = writeln!(s, "    - du-an-{:04}", p + 1);
        }
        let _ = writeln!(s, "  source:\n    document: {plan}\n    anchor: nhom-1");
        for (k, (vi, en)) in [
            ("Ngân sách nhà nước", "State budget"),
            ("Nguồn xã hội hóa", "Private and community sources"),
        ]
        .iter()
        .enumerate()
        {
            let _ = writeln!(s, "- id: nguon-{}\n  parent: tong\n  facet: source", k + 1);
            text(&mut s, "  ", "title", vi, en);
            let _ = writeln!(s, "  amount: \"{}\"", n_groups * 500);
        }
        for (g, roman) in ROMAN.iter().enumerate().take(n_groups) {
            let _ = writeln!(
                s,
                "- id: nhom-{}-kinh-phi\n  facet: envelope\n  group: nhom-{}",
                g + 1,
                g + 1
            );
            text(
                &mut s,
                "  ",
                "title",
                &format!("Kinh phí nhóm giải pháp {roman}"),
                &format!("Funding of solution group {roman}"),
            );
            let _ = writeln!(s, "  amount: \"{}.25\"", 100 + g * 37);
        }
        self.write("budget/kinh-phi.yaml", &s)
    }

    fn glossary(&mut self) -> io::Result<()> {
        let mut s = String::from("# Glossary (synthetic).\n");
        for b in BODIES {
            let _ = writeln!(s, "- vi: {}\n  en: {}", q(b.0), q(b.1));
        }
        for (vi, en) in OBJECTS.iter().take(8) {
            let _ = writeln!(s, "- vi: {}\n  en: {}", q(vi), q(en));
        }
        self.write("glossary.yaml", &s)
    }

    fn about(&mut self, n: usize, plan: &Doc) -> io::Result<()> {
        self.write(
            "pages/about.vi.md",
            &format!(
                "# Giới thiệu\n\nĐây là bộ dữ liệu thử gồm {n} nhiệm vụ, do `camket gen-bench` tạo ra để đo tốc độ. Dữ liệu **không có thật**.\n\n## Cấu trúc {{#cau-truc}}\n\n- nhiệm vụ, cơ quan, văn bản, chỉ tiêu;\n- văn bản được trích dẫn theo số hiệu, như {} số {}.\n",
                plan.vi_type, plan.number
            ),
        )?;
        self.write(
            "pages/about.en.md",
            &format!(
                "# About\n\nThis is a test data set of {n} tasks, made by `camket gen-bench` to measure speed. The data is **not real**.\n\n## Structure {{#structure}}\n\n- tasks, agencies, documents, indicators;\n- documents are cited by number, as in {} No. {}.\n",
                plan.en_type, plan.number
            ),
        )
    }
}

/// The text with its first letter in lower case ("The task" → "the task").
fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

/// After `"    - "` + a `text:` block written at indent "", indents its `vi`/`en` lines to
/// sit under the list item.
fn fix_list_item(s: &mut String) {
    // `text` wrote "text:\n  vi: …\n  en: …\n" right after "    - ".
    let Some(start) = s.rfind("    - text:\n") else {
        return;
    };
    let tail = s.split_off(start + "    - text:\n".len());
    for line in tail.lines() {
        s.push_str("      ");
        s.push_str(line);
        s.push('\n');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rng_is_deterministic_and_spread() {
        let mut a = Rng(42);
        let mut b = Rng(42);
        let xs: Vec<usize> = (0..1000).map(|_| a.below(10)).collect();
        let ys: Vec<usize> = (0..1000).map(|_| b.below(10)).collect();
        assert_eq!(xs, ys);
        for k in 0..10 {
            let c = xs.iter().filter(|&&x| x == k).count();
            assert!((50..150).contains(&c), "value {k} drawn {c} times of 1000");
        }
    }

    #[test]
    fn list_item_text_is_reindented() {
        let mut s = String::from("  notes:\n    - ");
        text(&mut s, "", "text", "a", "b");
        fix_list_item(&mut s);
        assert_eq!(
            s,
            "  notes:\n    - text:\n        vi: \"a\"\n        en: \"b\"\n"
        );
    }
}
