"""The guards: the steps that stop a question the data cannot answer, each in its module.

The composer runs them in this order; each returns an abstention (or None to let the
question through), and the abstention's trace names the guard (STEP_OF):

  input      empty or too long (in the composer's entry point)
  injection  instruction-only messages; instructions set aside in others
  topic      what the question asks about is not in the data, or it asks for an opinion
  period     a single month, another year or cumulative period, the full year when the data has part of it
  premise    the question states something the data contradicts
  kind       the kind of figure asked for (a rate, an amount, a firm's figure) is not in the data
"""
from __future__ import annotations

MESSAGES = {
    "empty": {"zh": "请输入一个问题，例如：“{example}”", "en": "Please type a question, for example: “{example}”"},
    "too_long": {"zh": "问题太长（{n}个字符，上限{limit}）。请把问题缩短后再问。",
                 "en": "The question is too long ({n} characters; the limit is {limit}). Please shorten it and ask again."},
    "not_covered": {"zh": "资料中没有关于“{what}”的信息。",
                    "en": "The data does not say anything about “{what}”."},
    "place_without_figures": {"zh": "资料中没有“{what}”本身的数据，只有本镇的（有的以它为比较基准）。",
                              "en": "The data gives no figures for “{what}” itself, only the town's (some compared with it)."},
    "coverage": {"zh": "现有资料：{coverage}", "en": "The data is {coverage}"},
    "opinion": {"zh": "资料只记述事实和数字，不对此作评价、比较优劣或给出建议。",
                "en": "The data records facts and figures; it gives no opinion, judgement or advice on this."},
    "other_year": {"zh": "资料中没有{years}年的数据；最新的数据是{latest}年的：",
                   "en": "The data has no figures for {years}; the latest are for {latest}:"},
    "series_year": {"zh": "资料中这项数据没有{years}年的；有的是{period}的：",
                    "en": "The data does not give this for {years}; it gives it for {period}:"},
    "series_period": {"zh": "资料中这项数据没有{asked}的；有的是{period}的：",
                      "en": "The data does not give this for {asked}; it gives it for {period}:"},
    "full_year": {"zh": "资料只有{period}的数据，没有全年数字。最接近的是：",
                  "en": "The data has {period} figures only, not the full year. The closest:"},
    "missing_kind": {"zh": "资料中没有{what}。相关的数据是：",
                     "en": "The data does not give {what}. Related figures:"},
    # what a missing_kind abstention names
    "what_money": {"zh": "金额", "en": "an amount of money"},
    "what_counted": {"zh": "{thing}的数量", "en": "the number of {thing}"},
    "what_in_unit": {"zh": "以“{unit}”计的这项数据", "en": "this figure in {unit}"},
    "other_period": {"zh": "资料中没有{asked}的数据。最接近的是：",
                     "en": "The data has no figures for {asked}. The closest:"},
    "other_month": {"zh": "资料中没有{month}月的数据；有的是：", "en": "The data has no figure for month {month}; it has:"},
    "single_month": {"zh": "资料中没有单月数据，只有{period}的累计数字：",
                     "en": "The data has no single-month figures, only cumulative ones for {period}:"},
    "role": {"zh": "资料不支持问题中给{name}的头衔。资料中：", "en": "The question gives {name} the wrong title. In the data:"},
    "premise_figure": {"zh": "资料不支持问题中的“{claim}”。资料中的数据是：",
                       "en": "The data does not support “{claim}” in the question. What the data says:"},
    "premise_direction": {"zh": "资料不支持问题中“下降/减少”的说法。资料中的数据是：",
                          "en": "The data does not show a fall or decrease. What the data says:"},
    "premise_rise": {"zh": "资料不支持问题中“增长”的说法：资料中这项数据是下降的。资料中的数据是：",
                     "en": "The data does not show a rise: it shows a fall. What the data says:"},
    "injection_only": {"zh": "消息中只有指令，没有可依据资料回答的问题；指令已忽略。",
                       "en": "The message holds instructions only, no question the data can answer; they were ignored."},
    "injection": {"zh": "（问题中的指令已忽略，以下只依据资料回答。）",
                  "en": "(Instructions in the question were ignored; the answer below comes only from the data.)"},
}

# the step that decides when an answer says this
STEP_OF = {"empty": "input guard", "too_long": "input guard", "not_covered": "topic guard", "place_without_figures": "topic guard", "opinion": "topic guard", "other_year": "period guard",
           "full_year": "period guard", "series_year": "period guard", "series_period": "period guard", "single_month": "period guard", "other_month": "period guard", "other_period": "period guard", "missing_kind": "kind guard",
           "role": "premise guard", "injection_only": "injection guard", "premise_figure": "premise guard", "premise_direction": "premise guard",
           "premise_rise": "premise guard"}
