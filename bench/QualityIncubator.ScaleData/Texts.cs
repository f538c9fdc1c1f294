using System.Globalization;

namespace QualityIncubator.ScaleData;

/// <summary>Word lists and sentence templates for realistic Chinese content (names, companies, addresses, review and opinion texts).</summary>
internal static class Texts
{
    public static readonly string[] Surnames =
    [
        "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林", "罗", "郑", "梁", "谢", "宋",
        "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾", "肖", "田", "董", "袁", "潘", "于", "蒋", "蔡", "余", "杜", "叶", "程", "苏", "魏", "吕", "丁",
        "任", "沈", "姚", "卢", "姜", "崔", "钟", "谭", "陆", "汪", "范", "金", "石", "廖", "贾", "夏", "韦", "方", "白", "邹", "孟", "熊", "秦", "邱",
        "江", "尹", "薛", "段", "雷", "侯", "龙", "史", "陶", "黎", "贺", "顾", "毛", "郝", "龚", "邵", "万", "钱", "严", "武", "戴", "孔", "汤", "庄",
    ];

    public static readonly string[] GivenChars =
    [
        "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀", "霞", "平", "刚", "英", "华", "玉",
        "萍", "红", "鹏", "建", "国", "文", "辉", "晨", "宇", "浩", "凯", "欣", "婷", "雪", "琳", "晶", "颖", "佳", "怡", "斌", "波", "峰", "亮", "俊",
        "健", "帆", "瑶", "倩", "蕾", "丹", "宁", "航", "博", "睿", "昊", "哲", "思", "悦", "嘉", "鑫", "卓", "越", "诚", "彬", "立", "志", "海", "燕",
    ];

    private static readonly string[] CoreChars =
    [
        "华", "东", "恒", "瑞", "鑫", "泰", "安", "宏", "联", "科", "迅", "博", "达", "新", "源", "佳", "美", "信", "诚", "和", "丰", "盛", "锦", "通",
        "嘉", "昌", "隆", "德", "远", "兴", "创", "智", "睿", "汇", "启", "航", "腾", "凯", "宇", "星", "辰", "光", "明", "力", "天", "海", "松", "云",
        "峰", "晨", "灵", "研", "格", "精", "鼎", "卓", "久", "正", "中", "元", "合", "晟", "赛", "琪", "茸", "谷", "峻", "耀", "弘", "昇",
    ];

    /// <summary>Business words by GB/T 4754 section, for company names and the Appendix A 行业说明.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> IndustryWords = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["C"] = ["精密机械", "电子科技", "新材料", "汽车零部件", "生物医药", "智能装备", "包装材料", "食品", "服饰", "化工", "电气", "模具", "光电",
            "医疗器械", "塑胶制品", "印刷", "五金制品", "仪器仪表", "家具", "纺织", "半导体", "机器人", "电池科技", "阀门", "精密铸造"],
        ["I"] = ["信息技术", "软件", "网络科技", "数据科技", "智能科技", "云计算"],
        ["M"] = ["检测技术", "工程技术", "环境科技", "工业设计", "计量技术"],
        ["F"] = ["贸易", "商贸", "供应链管理", "电子商务", "医药连锁"],
        ["G"] = ["物流", "供应链", "运输", "仓储", "国际货运代理"],
        ["E"] = ["建设工程", "建筑", "装饰工程", "市政工程", "安装工程"],
        ["L"] = ["企业管理咨询", "商务服务", "人力资源", "会展服务"],
        ["D"] = ["能源", "燃气", "水务", "新能源", "电力工程"],
        ["K"] = ["物业管理", "置业"],
        ["H"] = ["餐饮管理", "酒店管理"],
        ["Q"] = ["健康管理", "医疗服务"],
        ["R"] = ["文化传媒", "文化旅游", "影视"],
        ["N"] = ["环境工程", "园林绿化"],
        ["O"] = ["家政服务", "汽车维修"],
        ["P"] = ["职业技能培训"],
        ["A"] = ["农业科技", "生态农业"],
        ["J"] = ["融资租赁"],
    };

    /// <summary>The industry mix of a manufacturing district (GB/T 4754 section, weight).</summary>
    public static readonly (string Item, double Weight)[] IndustryMix =
    [
        ("C", 46), ("I", 9), ("M", 7), ("F", 7), ("G", 6), ("E", 5), ("L", 4), ("D", 3), ("K", 2), ("H", 2), ("Q", 2), ("R", 2), ("N", 2), ("O", 1), ("P", 1), ("A", 0.6), ("J", 0.4),
    ];

    /// <summary>Real roads of Songjiang for addresses (by town code of the District list where they run).</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Roads = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["S-岳阳"] = ["中山中路", "人民南路", "谷阳北路"], ["S-永丰"] = ["荣乐西路", "玉树路", "北松公路"], ["S-方松"] = ["文诚路", "新松江路", "三新北路"],
        ["S-中山"] = ["中山东路", "荣乐东路", "江田东路"], ["S-广富林"] = ["广富林路", "龙源路", "思贤路"], ["S-九里亭"] = ["九亭大街", "沪亭北路", "涞寅路"],
        ["T-泗泾"] = ["泗砖公路", "横港路", "高技路"], ["T-佘山"] = ["外青松公路", "佘天昆公路", "沈砖公路"], ["T-车墩"] = ["北松公路", "车阳路", "联营路"],
        ["T-新桥"] = ["莘砖公路", "新格路", "民益路"], ["T-洞泾"] = ["沈砖公路", "洞泾路", "长兴东路"], ["T-九亭"] = ["涞坊路", "九亭中心路", "沪松公路"],
        ["T-泖港"] = ["叶新公路", "泖亭路", "中厍路"], ["T-石湖荡"] = ["东夏路", "石湖荡路"], ["T-新浜"] = ["新浜路", "胡曹路"], ["T-叶榭"] = ["叶旺路", "叶新公路"],
        ["T-小昆山"] = ["文翔路", "光华路", "崇南公路"], ["Z-ETDZ"] = ["申港路", "松卫北路", "书海路"], ["Z-SHESHAN"] = ["林荫新路", "外青松公路"],
        ["Z-BONDED"] = ["思贤路", "新飞路"], ["Z-CAOHEJING"] = ["莘砖公路", "新泾路"],
    };

    public static readonly (string Item, double Weight)[] DistrictMix =
    [
        ("Z-ETDZ", 14), ("T-九亭", 9), ("T-车墩", 8), ("T-新桥", 8), ("T-洞泾", 7), ("T-泗泾", 6), ("T-佘山", 4), ("T-小昆山", 5), ("T-石湖荡", 3),
        ("T-泖港", 2), ("T-新浜", 2), ("T-叶榭", 3), ("S-岳阳", 3), ("S-永丰", 3), ("S-方松", 4), ("S-中山", 3), ("S-广富林", 3), ("S-九里亭", 4),
        ("Z-SHESHAN", 2), ("Z-BONDED", 3), ("Z-CAOHEJING", 4),
    ];

    public static string TownLabel(string districtCode) => districtCode[2..] + (districtCode.StartsWith("S-", StringComparison.Ordinal) ? "街道" : "镇");

    public static readonly string[] Departments = ["质量管理部", "品质部", "总经理办公室", "行政部", "质量保证部", "企业管理部", "综合办公室"];

    public static readonly string[] PersonTitles = ["总经理", "副总经理", "质量总监", "首席质量官", "质量部经理", "生产总监", "技术总监", "管理者代表", "品质经理"];

    public static readonly string[] ExpertTitles =
        ["高级工程师", "教授级高级工程师", "教授", "副教授", "研究员", "高级经济师", "高级质量工程师", "注册咨询师", "高级审核员"];

    public static readonly string[] ExpertEmployers =
    [
        "上海市质量协会", "上海质量管理科学研究院", "上海市标准化研究院", "上海工程技术大学", "东华大学管理学院", "上海大学管理学院", "松江区质量技术服务中心",
        "上海市计量测试技术研究院", "中国质量认证中心上海分中心", "上海卓越绩效管理咨询有限公司", "上海品标企业管理咨询有限公司", "华东理工大学商学院",
        "上海对外经贸大学", "上海立信会计金融学院", "上海市检测中心", "上海质量教育培训中心",
    ];

    public static readonly string[] Specialties = ["精益管理", "六西格玛", "卓越绩效", "质量成本", "顾客满意", "供应链", "数字化转型", "标准化", "创新管理", "人力资源", "品牌管理", "QC小组"];

    public static readonly string[] Strengths =
    [
        "高层领导重视质量工作，建立了首席质量官制度，质量目标纳入年度经营计划",
        "建立了较完善的质量管理体系并持续通过第三方认证，体系运行记录完整",
        "研发投入逐年增加，拥有有效发明专利和省部级研发平台",
        "顾客满意度测量方法较系统，顾客投诉能在规定时限内闭环处理",
        "生产现场5S管理基础扎实，目视化管理覆盖主要工序",
        "数字化系统覆盖采购、生产和销售主要过程，数据可追溯",
        "重视员工培训，建立了内部讲师队伍和技能等级评定制度",
        "积极参与国家和行业标准制修订，标准化工作有特色",
        "供应商分级管理和联合改进机制运行有效",
        "QC小组活动持续开展，多项成果获市级以上奖励",
        "品牌规划清晰，品牌已纳入组织战略并在海外注册",
        "履行社会责任意识强，定期发布社会责任报告",
    ];

    public static readonly string[] Improvements =
    [
        "战略目标与关键绩效指标的分解不够清晰，建议建立战略地图并与部门绩效挂钩",
        "过程管理以职能为主，关键过程的识别、设计与测量有待系统化",
        "测量分析多为结果统计，缺少趋势和竞争对比，建议建立标杆对比数据",
        "人力资源规划与员工职业发展通道有待完善，关键岗位继任计划不足",
        "顾客需求识别方法较单一，建议按细分市场分析顾客需求和期望",
        "知识管理与经验分享机制不足，改进成果的固化与推广不够",
        "创新管理缺少系统的方法和激励，建议建立创新项目管理机制",
        "相关方关系管理尚停留在合同层面，建议建立战略合作伙伴评价机制",
        "质量成本未系统核算，建议建立质量成本统计与分析制度",
        "风险管理未覆盖供应链中断等重大风险，应急预案有待演练",
    ];

    public static readonly string[] Innovations =
    [
        "以“质量积分”激励一线员工参与改进，形成了全员质量改进的氛围",
        "将数字化质量看板与班组早会结合，实现质量问题的当班响应",
        "与高校共建联合实验室，缩短新产品开发周期",
        "建立顾客联合改进小组，将顾客反馈直接转化为设计输入",
        "推行“首件三检”制度，首件不良率明显下降",
        "以精益生产单元替代传统流水线，在制品库存大幅降低",
    ];

    public static readonly string[] ManagementModels =
    [
        "“三全一链”质量管理模式：全员、全过程、全要素，贯通供应链",
        "“标准+数字”双轮驱动的卓越绩效管理模式",
        "以顾客为中心的“需求—设计—交付—反馈”闭环管理模式",
        "“精益+六西格玛”融合的持续改进模式",
        "“党建引领、质量强企”的文化驱动型管理模式",
        "以创新平台为核心的“研产销”一体化管理模式",
    ];

    public static readonly string[] WithdrawReasons =
    [
        "公司业务调整，本年度暂不参加培育孵化",
        "经自我评估，组织管理基础尚需加强，明年再申报",
        "公司正在进行重组，人员变动较大",
        "近期生产任务繁重，无法保证参加后续培训",
        "集团统一安排参加其他质量提升项目",
    ];

    public static readonly string[] ExitDescriptions =
    [
        "组织书面申请退出，原因是经营重心调整",
        "连续两次未参加必修课程，经提醒仍未改正",
        "培育孵化期间发生一般以上生产安全事故，经核实属实",
        "自评材料中的部分经营数据与实际不符，经核实属实",
        "组织搬迁至外区，无法继续参加培育孵化",
    ];

    public static readonly string[] PenaltyCategories = ["警告", "罚款", "没收违法所得、罚款", "责令改正、罚款"];

    public static readonly string[] PenaltyAuthorities = ["上海市松江区市场监督管理局", "上海市松江区生态环境局", "上海市松江区应急管理局", "上海市松江区卫生健康委员会"];

    public static readonly string[] PenaltySummaries =
    [
        "产品标签标注不符合国家标准的规定", "计量器具超过检定周期仍在使用", "未按规定进行特种设备定期检验", "危险废物贮存不符合规定",
        "生产场所安全警示标志设置不全", "广告中使用绝对化用语",
    ];

    public static readonly string[] ChecklistItems =
    [
        "准备组织概况及近三年经营数据汇报材料", "安排生产现场参观路线及讲解人员", "准备质量管理体系文件和内审记录", "准备顾客满意度调查及投诉处理记录",
        "准备改进项目清单及QC小组成果", "相关负责人全程参加座谈交流", "准备关键绩效指标统计表",
    ];

    public static readonly string[] SessionPlaces =
    [
        "松江区市场监管局培训中心一楼报告厅", "松江区行政服务中心三楼会议室", "松江经济技术开发区服务中心多功能厅", "松江区科技园区学术报告厅", "上海工程技术大学松江校区讲堂",
    ];

    public static readonly (string Title, string Host, string Place)[] BenchmarkVisits =
    [
        ("标杆企业学习：质量奖获奖企业卓越绩效实践", "上海松江精密制造股份有限公司（往届质量奖获奖组织）", "松江经济技术开发区"),
        ("标杆企业学习：数字化质量管理现场观摩", "上海茸城智能装备有限公司（往届质量奖获奖组织）", "九亭镇"),
        ("标杆企业学习：精益生产与班组建设", "上海泖港食品股份有限公司（往届质量奖获奖组织）", "泖港镇"),
    ];

    public static string PersonName(Rng rng) => rng.Pick(Surnames) + rng.Pick(GivenChars) + (rng.Chance(0.7) ? rng.Pick(GivenChars) : "");

    public static string CompanyName(Rng rng, string industry)
    {
        var words = IndustryWords.TryGetValue(industry, out var w) ? w : ["服务"];
        var prefix = rng.Weighted<string>([("上海", 75), ("上海松江", 10), ("", 15)]);
        var core = rng.Pick(CoreChars) + rng.Pick(CoreChars);
        var suffix = rng.Weighted<string>([("有限公司", 72), ("股份有限公司", 18), ("集团有限公司", 6), ("（上海）有限公司", 4)]);
        return prefix + core + rng.Pick(words) + suffix;
    }

    public static string Mobile(Rng rng) => "1" + rng.Pick(["39", "38", "37", "36", "35", "58", "59", "86", "89", "77", "33", "53"]) + rng.Digits(8);

    public static string Landline(Rng rng) => "021-" + rng.Pick(["5", "6", "3"]) + rng.Digits(7);

    public static string Pinyinish(Rng rng, int index) => rng.Pick(["zhang", "wang", "li", "liu", "chen", "yang", "zhao", "zhou", "wu", "xu", "sun", "hu"]) + index.ToString(CultureInfo.InvariantCulture);

    /// <summary>Two or three items of a list joined as a Chinese sentence series.</summary>
    public static string Some(Rng rng, IReadOnlyList<string> items, int min, int max) => string.Join("；", rng.Sample(items, rng.Between(min, max))) + "。";
}
