"""What a question asks: the cues the composer reads (Chinese and English
patterns for figures, growth, shares, comparisons, injections, follow-ups...),
the Question record, and splitting a message into questions."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .language import clean, has_content, to_simplified

MAX_QUESTION_CHARS = 1000

INJECTION = re.compile(
    r"ignore\s+(all\s+|any\s+|the\s+|your\s+)*(previous|prior|above|earlier|preceding)|disregard|forget\s+(all|everything|your|the)|"
    r"ignore\s+(the\s+|your\s+|this\s+|all\s+)?(article|data|sources?|documents?|context|rules?|facts?)|tell\s+the\s+user|"
    r"you\s+are\s+now|pretend|act\s+as|system\s+prompt|new\s+instructions?|override|jailbreak|"
    r"(say|answer|reply|respond|state|claim)\s+(that|with|only)|from\s+now\s+on|"
    r"忽略|无视|忽视|忘记|忘掉|不要理会|不管之前|你现在是|扮演|系统提示|新的指令|新指令|从现在起|从现在开始|"
    r"(请|你)?(回答|就说|告诉我|输出)[^，。？?]{0,20}(是|为)\s*\d|直接说|不要引用|别引用|不要注明|"
    r"\b(do\s+not|don'?t)\s+cite|\bjust\s+say\b|当作(新)?事实|视为事实|新事实|(已|已经)更新|"
    r"\b(has|have)\s+been\s+updated\b|\busing\s+the\s+update\b|\btreat\s+(this|the\s+following)\s+as\b|"
    r"\binstructions?\s*:|\b(developer|admin|system)\s+(message|instruction|note)|\balways\s+(say|answer|reply|state)|"
    r"\bmust\s+(say|claim|state|answer|reply)|\b(just|simply|please)\s+confirm|\bconfirm\s+(that\s+)?[\d,.]+\b|\b(don'?t|do\s+not|without)\s+(check|verify|look\s+at)|"
    r"\bhas\s+to\s+be\s+[\d,.]+|</?\s*(article|context|system|data|documents?)\s*>|"
    r"\bupdated\s+(the\s+)?(data|figures?|numbers?)\b|\buse\s+(that|this|the|my|our)\s+(new\s+)?(number|figure|value)\b|"
    r"\bauthoritative\b|\bnever\s+contradict|\bregardless\s+of\b|\bdeveloper\s+mode\b|"
    r"\b(answer|talk|speak|reply|respond|write)\s+(like|as)\s+(a|an)\b|\band\s+(then\s+)?say\s+(that\s+)?(the|it|its|majuqiao|[\d\"“'])|"
    r"系统(指令|消息|通知)|开发者(指令|消息|模式)|管理员|必须(声称|说|回答|表示|写)|一律(说|回答)|只(需|要)确认|不要(核对|查|看)资料|"
    r"以(此|这个|我的)(数据|数字)?为准|按(这个|我的)(数|数字|数据)", re.IGNORECASE)
# Removed from an injected question before retrieval: the instruction, and any claimed figure.
INJECTION_WORDS = re.compile(
    r"\b(ignore|disregard|forget|previous|prior|above|earlier|all|instructions?|prompt|system|pretend|override|say|said|"
    r"answer|reply|respond|state|claim|that|now|from|on|you|are|tell|me|was|is)\b|"
    r"忽略|无视|忽视|忘记|忘掉|不要理会|之前|以上|所有|的|指令|提示|你现在是|扮演|从现在起|从现在开始|请|回答|就说|直接说|告诉我|输出|"
    r"\d[\d,.]*\s*(亿元|亿|万|%|billion|million)?", re.IGNORECASE)
FOLLOWUP = re.compile(
    r"^\s*(and|what about|how about|also|then|so)\b|\b(it|its|it's|he|his|him|she|her|they|them|their|that|this|those|these|"
    r"the same|same period)\b|^(那|那么|还有|另外|而|并且)|它|其|他|她|该|这个|那个|这些|那些|此", re.IGNORECASE)
FIGURE_CUE = re.compile(
    r"多少|(?<![哪好第])几|多大|多快|多久|多长时间|百分之几|比重|占比|比例|份额|增长|增速|增幅|上升|下降|降幅|贡献率|拉动|规模|总额|总值|产值|营业额|"
    r"数量|面积|交付|历史|百分|场次|次数|人数|人次|家数|金额|\bhow\s+(much|many|fast|quickly|big|large|long|old|often|frequently)\b|\b(share|percentage|proportion|growth|grow|grew|"
    r"rate|sizes?|area|total|amount|number|count|output|revenue|turnover|sales|investment|delivered|deliveries|value|figure|"
    r"history|rank|times|increase|rise|rose|yoy)\b", re.IGNORECASE)
DESCRIBE_CUE = re.compile(
    r"谁|哪些|哪家|哪几|哪个|什么企业|举例|举几个|举两个|列举|例子|哪类|名称|叫什么|介绍|是什么|什么是|做了|举措|措施|计划|打算|表示|说了|说过|定位|怎么|如何|为什么|"
    r"\b(who|which|name|names|list|describe|explain|why|plan|plans|measures|role|say|said|positioned|position|focus|examples?|"
    r"what\s+(model|models|product|products|project|projects|events?|firms|companies|enterprises|"
    r"industries|clusters|programmes?|programs?|measures|kind|is\s+the\s+role|did))\b", re.IGNORECASE)
EN_HEAD = re.compile(r"\b(how\s+(many|much)|what(\s+(is|was|are|were)|'s)(\s+(the|its|their))?|who\s+(is|are|was|were)(\s+the)?)\s+", re.IGNORECASE)
EN_BOUNDARY = set("""of in for at on to by from with such as that which who did does do is are was were has have had
will would can could be been being there than and or during between among credited since per into out up
alone only got get gets make made take took work works give gave receive receives provide provides attract
attracts employ employs reach reaches achieve achieves cover covers come comes go goes""".split())
AUXILIARY = {"do", "does", "did", "is", "are", "was", "were", "has", "have", "had", "will", "would", "can"}
WENT_WRONG = re.compile(r"went\s+wrong|出了什么问题|哪里出了问题", re.IGNORECASE)
COUNTED = re.compile(r"(多少|几)(名|家|位|所|座|种)(?P<what2>[\u4e00-\u9fff]{2,4})", re.IGNORECASE)
GROWTH_CUE = re.compile(r"增长|增速|增幅|涨|同比|上升|\b(grow|grew|growth|how\s+fast|increase|rise|rose|year[-\s]on[-\s]year)\b", re.IGNORECASE)
SHARE_CUE = re.compile(r"占|比重|占比|比例|份额|百分之几|相当于|\b(share|proportion|percentage\s+of|part\s+of|how\s+much\s+of|"
                       r"represents?|account(s|ed)?\s+for)\b", re.IGNORECASE)
RATE_ASKED = re.compile(r"多少|百分之?几|几个百分点|幅度|\b(by\s+)?how\s+(much|fast|many)\b|\bwhat\s+(percentage|rate|growth)\b|"
                        r"\bby\s+what\b|\bpercent(age)?\b|%|\brate\b", re.IGNORECASE)
POINTS_CUE = re.compile(r"个百分点|percentage\s+points?", re.IGNORECASE)
NEGATIVE_EVENT = re.compile(r"搬走|搬离|撤离|撤出|关闭|关停|倒闭|停产|外迁|迁出|减半|亏损|裁员|破产|末位|倒数|"
                             r"\b(shut|closed?|closure|leave|left|halve[ds]?|bankrupt\w*|layoffs?|relocat\w*|moved\s+(away|out)|"
                             r"lost|loss|losses|worst|last\s+place|came\s+last|ranked\s+last)\b", re.IGNORECASE)
HEAD = re.compile(r"(是|有|为)?(多少|(?<![好第])几)(?!家|个|场|次|位|名|人|年|所|座|种|台|万(?!元)|亿(?!元)|秒|分钟|天|月|倍|项|大)|是谁|叫什么")
AGE = re.compile(r"多大年纪|年龄|几岁|多少岁|出生|生日|\bhow\s+old\b|\bage\b|\bborn\b|\bbirth", re.IGNORECASE)
ROLE_ASK = re.compile(r"职务|身份|头衔|什么职位|\b(positions?|titles?|roles?|jobs?)\b", re.IGNORECASE)
PERSON_REF = re.compile(r"他|她|书记|镇长|\b(he|she|him|her|mayor|secretary)\b", re.IGNORECASE)
# "截至2024年11月", "as of November 2024": a cumulative figure's end, not a single month
UP_TO_MONTH = re.compile(r"(截至|截止|到|至)\s*(20\d\d\s*年)?\s*\d{1,2}\s*月(底|末)?|\b(as\s+of|through|by(\s+the\s+end\s+of)?)\s+"
                         r"(january|february|march|april|may|june|july|august|september|october|november|december)\b",
                         re.IGNORECASE)
SINGLE_MONTH = re.compile(r"(?<![至到\-–—~\d])(1[0-2]|[1-9])月(?![\d日号]|份?[至到\-–—~])|单月|当月|"
                          r"第?[一二三四1-4]季度|[上下]半年|\bq[1-4]\b|\b(first|second|third|fourth|last)\s+(quarter|half)\b|\bh[12]\s+20\d\d|"
                          r"\b(in|for|during)\s+(january|february|march|april|may|june|july|august|september|october|"
                          r"november|december)\b(?!\s*(?:[–\-]|to|through|and))|\bmonth\s+of\s+[a-z]+\b|"
                          r"\b(january|february|march|april|may|june|july|august|september|october|november|december)\s+"
                          r"(20\d\d\s+)?alone\b", re.IGNORECASE)
PLACE_SUFFIX = re.compile(r"(?<=[\u4e00-\u9fff])(镇|乡|县|(?<!城)市|区)(?![场域长政委级内])")
NAME_BOUNDARY = re.compile(r"[^\u4e00-\u9fff]|[年的在和与及是从到比为于属]")
NOT_A_NAME = re.compile(r"[这那该本此古小个的在是了和与有全年占及等]")
FOREIGN_UNIT = re.compile(r"\bin\s+(tonnes|tons|kwh|kilowatts?|megawatts?|hectares|acres|dollars|usd|euros?)\b|"
                          r"多少(吨|千瓦|兆瓦|公顷|亩|美元|欧元)", re.IGNORECASE)
# how many people work somewhere: the data has no headcounts
EMPLOYMENT = re.compile(r"员工|职工|工人|雇员|从业人员|就业人数|用工人数|多少人(在|上班|工作)|\b(employees|employed|employs?|"
                        r"workers|staff|headcount|workforce|jobs|people\s+work)\b", re.IGNORECASE)
PERFORMANCE = re.compile(r"表现(如何|怎么样|怎样)|情况(如何|怎么样|怎样)|\bhow\s+did\s+.{1,60}\b(do|perform|fare)\b|\bperformance\b",
                         re.IGNORECASE)
WHY = re.compile(r"为什么|为何|什么原因|\bwhy\b", re.IGNORECASE)
WHO = re.compile(r"谁(?![的]?(更|最|多|少|大|小|高|低|快|慢))|哪一?位|(镇长|书记|作者|摄影|记者)[^，。？?]{0,4}叫什么|\bwho\b",
                 re.IGNORECASE)  # not 谁更快 (which is faster)
FIRMS_CUE = re.compile(r"哪些(企业|公司|龙头|医药|配套)|哪几家|哪家|什么企业|\b(which|what)\s+(\w+\s+)?(firms|companies|enterprises|businesses)\b|"
                        r"\b(name|list)\s+the\s+(\w+\s+)?(firms|companies|enterprises)", re.IGNORECASE)
ORDINAL_ASK = re.compile(r"第几|哪一?届|\b(which|what)\s+(edition|round|session)\b", re.IGNORECASE)
ORDINAL = re.compile(r"第[一二三四五六七八九十\d]+[届次期轮]")
SAY = re.compile(r"说|表示|评价|谈到|谈了|认为|看法|观点|打算|计划|规划|展望|"
                 r"\b(say|said|says|comment\w*|views?|think|thinks|plans?|planned|outlook)\b", re.IGNORECASE)
ONE_FIRM = re.compile(r"哪家|哪一家|哪个(企业|公司)|\bwhich\s+(\w+\s+)?(firm|company|enterprise)\b(?!s)", re.IGNORECASE)
REVENUE = re.compile(r"营业收入|营收|\brevenues?\b", re.IGNORECASE)  # an amount of money, whatever else is asked
MONEY_CUE = re.compile(r"多少亿元?|多少钱|总额|金额|\bin\s+(rmb|yuan|billion)\b|\b(total\s+amount|how\s+much\s+money|how\s+many\s+yuan)\b",
                       re.IGNORECASE)
AMOUNT_CUE = re.compile(r"\bhow\s+much\b|\b(turnover|revenue|sales\s+value|output\s+value)\b|产值|营业额|总额|销售额|多少钱|多少亿", re.IGNORECASE)
COUNT_CUE = re.compile(r"\bhow\s+many\b|多少家|几家|多少个|几个|多少场|多少名|多少位", re.IGNORECASE)
COMPARE = re.compile(r"\bcontrast\b|分别|各是|各有|各为|哪(个|一个|边|项|种|方)?.{0,6}更|哪(个|一个|边|项|种|方).{0,8}(多|少|大|小|高|低|快|慢)|相比|比较|对比|还是|多多少|少多少|相差|差多少|(和|与).{0,12}(各|都)?(有)?多少|多少.{0,12}(和|与)|"
                     r"\bdifference\b|\bhow\s+many\s+more\b|\b(more|fewer|less|higher|larger|bigger)\b.*\bor\b|\b(compare|compared|versus|vs|respectively|both|each)\b|which\s+is\s+(higher|larger|bigger|more|greater)", re.IGNORECASE)
PARTS = re.compile(r"(?<!住宿)和(?!餐饮)|与|以及|及|还是|(?<![同相])比(?![重例较上去])|，|,|；|\band\b|\bor\b|\bthan\b|\bvs\.?|\bversus\b|\bwith\b|compared\s+to", re.IGNORECASE)
CONJUNCTION = re.compile(r"(?<!住宿)和(?!餐饮)|与|及|还是|相比|\b(and|or|than|vs\.?|versus|compared)\b", re.IGNORECASE)
WHO_IS = re.compile(r"是谁|谁是|是哪一?位|是什么|什么是|介绍|^\s*(who|what)\s+(is|are|was)\b|tell me about", re.IGNORECASE)
FALL = re.compile(r"下降|下滑|减少|降低|萎缩|下跌|\bfall(s|en)?\b(?!\s+(into|under|within))|\bfell|\bdrop|\bdecline|\bdecrease|"
                  r"\bshr[iau]nk|\blower", re.IGNORECASE)
FULL_YEAR = re.compile(r"全年|整年|full[\s-]year|whole\s+year|entire\s+year|annual", re.IGNORECASE)
# "grew … versus the same period of 2023", 比2023年同期: the base of a change, not the year asked about
BASE_YEAR = re.compile(r"(same\s+period\s+(of|in)|compared\s+(with|to)|than|versus|vs\.?|比|较|与)\s*(the\s+)?"
                       r"(same\s+period\s+(of|in)\s+)?(19|20)\d\d\s*年?(同期)?", re.IGNORECASE)
YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")
COORDINATED = re.compile(r"协同区域|协同区|coordinated", re.IGNORECASE)
# a few keywords, no question words: "马驹桥 社零", "Majuqiao retail sales 2024"
KEYWORD_QUERY = re.compile(r"(?!.*(什么|吗|呢|哪|怎|如何|为什么|谁|\b(what|which|who|how|why|is|are|does|did)\b))[^?？]{1,40}", re.IGNORECASE)
# when, not what: period words set aside before a question's topic is read
PERIOD_WORDS = re.compile(r"((19|20)\d\d\s*年)?(前[一二三1-3]季度|[上下]半年|[一二三四1-4]季度|全年|\d{1,2}\s*[-—–至到~]\s*\d{1,2}\s*月(份)?|"
                          r"\d{1,2}月(份|底|末)?|年初|年底|年末)|\b(jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may|june?|july?|aug(ust)?|"
                          r"sep(t(ember)?)?|oct(ober)?|nov(ember)?|dec(ember)?)\b\.?|\b(first|second|third|fourth|three|nine|eleven)\s+"
                          r"(quarters?|months)\b|\bq[1-4]\b|\bend[-\s]|\bytd\b|\byear[-\s]to[-\s]date\b", re.IGNORECASE)
# the end of a cumulative period: 1至9月 / 1-9月 -> 9, 前三季度 -> 三, "January–September" / "Jan-Sep" -> sep, 上半年 -> 半
CUMULATIVE_END = re.compile(r"1\s*[-—–至到~]\s*(\d{1,2})\s*月|前([一二三1-3])季度|上(半)年|\bjan(?:uary)?\.?\s*(?:[-–—~]|to|through)\s*"
                            r"(feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b|\bfirst\s+(three|nine)\s+(?:quarters|months)\b",
                            re.IGNORECASE)
WHOLE_TOWN = re.compile(r"全镇|whole\s+town|entire\s+town|town[-\s]wide", re.IGNORECASE)


@dataclass
class Question:
    raw: str
    text: str            # cleaned, simplified; an injected instruction taken out
    language: str
    history_text: str    # the previous user question when this one is a follow-up
    injection: bool
    terms: list[str] = field(default_factory=list)
    kind_text: str = ""  # for one part of a question: the text whose cues say what kind of figure it asks


def previous_user_question(history) -> str:
    for message in reversed(history or []):
        if isinstance(message, dict) and message.get("role") == "user":
            content = message.get("content")
            if isinstance(content, list):  # Gradio's content blocks
                content = " ".join(b.get("text", "") for b in content if isinstance(b, dict))
            if isinstance(content, str) and content.strip():
                return to_simplified(clean(content))[:MAX_QUESTION_CHARS]
    return ""


QUESTION_WORD = re.compile(r"多少|(?<![哪好])几|哪|什么|谁|\b(how|what|which|who|when|where)\b", re.IGNORECASE)
# ", and what output value did they generate?": an English second question joined by "and"
AND_QUESTION = re.compile(r",?\s+and\s+(?=(?:(?:in|at|by|for|of)\s+)?(?:what|which|who|how|where|when|did|does|do|is|was|has)\b)",
                          re.IGNORECASE)


def split_questions(text: str) -> list[str]:
    """The questions in a message: split at question marks, at ", and what/which/how…",
    or at commas between two clauses that each ask ("营业额有多少，同比增长了多少")."""
    parts = [p for p in re.split(r"(?<=[？?])", text) if len(p.strip()) >= 4 and has_content(p)]
    if len(parts) == 1:
        pieces = AND_QUESTION.split(text)
        if len(pieces) == 2 and QUESTION_WORD.search(pieces[0]):
            return pieces
    if len(parts) == 1 and len(QUESTION_WORD.findall(text)) >= 2:
        parts, pending = [], ""
        for piece in re.split(r"(?<=[，,；;、])", text):
            pending += piece
            if QUESTION_WORD.search(piece):
                parts.append(pending)
                pending = ""
        if pending and parts:
            parts[-1] += pending
    return parts or [text]
