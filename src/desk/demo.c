/* Demo data: realistic complaints made through the desk's own actions with
 * the clock pinned to each moment, so events, clocks and escalations are
 * exactly what real use would have produced. */
#include "internal.h"
#include "cdesk/import.h"
#include "cdesk/i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct rng {
	uint64_t s;
};

static uint64_t next(struct rng *r)
{
	/* splitmix64: small, fast and the same on every machine. */
	uint64_t z = (r->s += 0x9E3779B97F4A7C15ULL);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

static long pick(struct rng *r, long n) { return (long)(next(r) % (uint64_t)n); }
static int chance(struct rng *r, int percent) { return pick(r, 100) < percent; }
static int64_t between(struct rng *r, int64_t lo, int64_t hi) { return lo + (int64_t)(next(r) % (uint64_t)(hi - lo + 1)); }

static const char *const surnames[] = {"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭"};
static const char *const given[] = {"伟", "芳", "娜", "敏", "静", "强", "磊", "军", "洋", "勇", "艳", "杰", "涛", "明", "超", "霞"};
static const char *const provinces[] = {"沪", "苏", "浙", "京", "粤", "鲁"};

struct story {
	const char *category, *text, *ask;
};
static const struct story stories[] = {
	{"fuel_quantity", "加满一箱只加了38升，和平时差很多，怀疑油枪计量不准。", "重新校验油枪并退还差价"},
	{"fuel_quantity", "小票上的升数和加油机显示不一致。", "解释原因并退款"},
	{"fuel_quality", "加油后车辆抖动、加速无力，怀疑油品有问题。", "检测油品并赔偿维修费"},
	{"service_attitude", "加油员态度冷淡，问了两次没人理。", "道歉并加强培训"},
	{"service_attitude", "排队很久，收银员还和同事聊天。", "道歉"},
	{"service_quality", "保养后第二天机油灯亮了。", "免费检查"},
	{"repair_workmanship", "异响修了两次还是没修好。", "彻底修好并延长保修"},
	{"parts_supply", "配件等了三周还没到，没人通知进度。", "明确到货时间"},
	{"parts_price", "同一个配件比别的店贵了近一倍。", "说明价格并退差价"},
	{"warranty_claim", "保修期内的故障被拒绝索赔。", "按保修条款处理"},
	{"promise_not_kept", "说好周五交车，到现在还没消息。", "尽快交车并补偿"},
	{"product_quality", "便利店买的饮料已经过期。", "退货退款"},
	{"safety", "加油区有人抽烟，员工没有制止。", "加强安全管理"},
	{"other", "Card payment failed twice and I was charged both times.", "Refund the double charge"},
};

static const char *const channels_w[] = {"walk_in", "walk_in", "walk_in", "phone", "phone", "phone",
					 "email", "online", "comment_book", "letter"};
static const char *const majors[] = {"manufacturer", "consumer_association", "media"};
static const char *const needs[] = {"respect", "vent", "compensation", "advice"};
static const char *const behaviours[] = {"passive", "voicer", "irate", "activist"};
static const char *const staff[] = {"liwei", "zhangmin", "wangfang", "chenjie", "zhaolei"};
static const char *const remedies[] = {"apology", "refund", "replacement", "free_repair", "discount", "gift"};

/* An action at time at, unless at is still in the future. Returns 1 when
 * done, 0 when the complaint's story stops here, -1 on error. */
static int at_time(struct cd_desk *d, int64_t id, cd_time at, cd_time real_now,
		   struct cd_action *a, struct cd_err *err)
{
	if (at > real_now)
		return 0;
	cd_now_pin(at);
	return desk_act(d, id, a, err) ? -1 : 1;
}

/* A moment at or after target that is also after t: events of one
 * complaint never go back in time. */
static cd_time later(cd_time t, cd_time target)
{
	return target > t ? target : t + 60;
}

#define DO(at, a)                                                                 \
	do {                                                                      \
		int r_ = at_time(d, id, (at), real_now, (a), err);                  \
		if (r_ <= 0)                                                      \
			return r_;                                                \
	} while (0)

static int story_steps(struct cd_desk *d, struct rng *r, const struct cd_complaint *c, int walk_in,
		       cd_time t0, cd_time real_now, struct cd_err *err, cd_time t, int64_t id,
		       const char *handler);

static int story_of(struct cd_desk *d, struct rng *r, const struct cd_complaint *c, int walk_in,
		    cd_time t0, cd_time real_now, struct cd_err *err)
{
	const char *handler = staff[pick(r, 5)];
	char *me = d->actor;
	/* The story's actions are the handler's, not whoever runs the demo. */
	d->actor = (char *)handler;
	int done = story_steps(d, r, c, walk_in, t0, real_now, err, t0, c->id, handler);
	d->actor = me;
	return done;
}

static int story_steps(struct cd_desk *d, struct rng *r, const struct cd_complaint *c, int walk_in,
		       cd_time t0, cd_time real_now, struct cd_err *err, cd_time t, int64_t id,
		       const char *handler)
{
	struct cd_action a;

	if (!walk_in) {
		static const int steps[] = {STEP_LISTEN, STEP_APOLOGIZE, STEP_RECORD};
		for (int i = 0; i < 3; i++) {
			cd_action_init(&a, ACT_STEP);
			a.step = steps[i];
			DO(t += between(r, 60, 300), &a);
		}
		/* The first receiver hands over to a handler, unless it is the same person. */
		if (strcmp(handler, c->owner) != 0) {
			cd_action_init(&a, ACT_ASSIGN);
			a.who = handler;
			DO(t += between(r, 60, 1200), &a);
		}
		cd_action_init(&a, ACT_CONTACT);
		/* Most calls come within the two hours; some do not. */
		DO(t = later(t, t0 + (chance(r, 85) ? between(r, 600, 6600) : between(r, 7300, (int64_t)6 * 3600))), &a);
	}
	int on_spot = walk_in && chance(r, 50);
	if (!on_spot) {
		if (chance(r, 20)) {
			cd_action_init(&a, ACT_PROMISE);
			a.note = "三天内给您答复";
			a.due = t + (int64_t)3 * 86400;
			DO(t += 600, &a);
			if (chance(r, 80)) {
				cd_action_init(&a, ACT_PROMISE_KEPT);
				DO(t += between(r, 86400, (int64_t)3 * 86400 - 3600), &a);
			}
		}
		cd_action_init(&a, ACT_FEEDBACK);
		a.note = "已告知客户处理进展";
		DO(t = later(t, t0 + between(r, 86400, chance(r, 85) ? (int64_t)3 * 86400 : (int64_t)6 * 86400)), &a);
	}
	if (chance(r, 60)) {
		cd_action_init(&a, ACT_REMEDY);
		a.how = remedies[pick(r, 6)];
		a.amount = strcmp(a.how, "apology") == 0 ? 0 : (cd_money)between(r, 10, 600) * 100;
		a.agreed = chance(r, 90);
		DO(t += between(r, 300, 7200), &a);
	}
	if (chance(r, 2)) {
		cd_action_init(&a, ACT_STEP);
		a.step = STEP_WITHDRAW;
		a.anyway = 1; /* made-up stories leave things open as people do */
		a.note = "客户撤回投诉";
		DO(t += 3600, &a);
		return 1;
	}
	cd_action_init(&a, ACT_STEP);
	a.step = STEP_RESOLVE;
	a.anyway = 1;
	DO(t = on_spot ? later(t, t0 + between(r, 600, 1800)) : t + between(r, 3600, (int64_t)3 * 86400), &a);
	int with_cause = chance(r, 50);
	if (with_cause) {
		cd_action_init(&a, ACT_ROOT_CAUSE);
		a.how = pick(r, 3) ? "staff" : "company";
		a.note = "员工操作不规范";
		a.measure = "组织一次操作规范培训";
		a.measure_owner = "zhangmin";
		a.due = t + (int64_t)14 * 86400;
		DO(t += 3600, &a);
	}
	cd_action_init(&a, ACT_SATISFACTION);
	for (int i = 0; i < 3; i++)
		a.scores[i] = (int)between(r, 2, 5);
	a.satisfied = a.scores[0] >= 3;
	DO(t += between(r, 86400, chance(r, 85) ? (int64_t)3 * 86400 : (int64_t)5 * 86400), &a);
	cd_action_init(&a, ACT_STEP);
	a.step = STEP_FOLLOW_UP;
	DO(t += 60, &a);
	if (chance(r, 3)) {
		cd_action_init(&a, ACT_STEP);
		a.step = STEP_REOPEN;
		a.note = "客户回访时表示问题仍未解决";
		DO(t += 3600, &a);
		return 1;
	}
	cd_action_init(&a, ACT_STEP);
	a.step = STEP_CLOSE;
	a.anyway = 1;
	DO(t += between(r, 600, 86400), &a);
	/* Most preventive measures are carried out, some after their due date. */
	if (with_cause && chance(r, 75)) {
		cd_action_init(&a, ACT_MEASURE_DONE);
		DO(t += between(r, (int64_t)2 * 86400, (int64_t)18 * 86400), &a);
	}
	return 1;
}

static void fill(struct rng *r, struct cd_desk *d, struct cd_complaint *c, int *walk_in)
{
	char buf[64];
	const struct story *s = &stories[pick(r, (long)(sizeof stories / sizeof *stories))];
	const struct cd_config *cfg = d->cfg;
	cd_complaint_init(c);
	c->site = xstrdup(cfg->sites.v[pick(r, (long)cfg->sites.n)].id);
	c->channel = xstrdup(chance(r, 2) ? majors[pick(r, 3)] : channels_w[pick(r, 10)]);
	if (!cd_list_find(&cfg->channels, c->channel)) {
		free(c->channel);
		c->channel = xstrdup(cfg->channels.v[0].id);
	}
	c->category = xstrdup(cd_list_find(&cfg->categories, s->category) ? s->category : cfg->categories.v[0].id);
	snprintf(buf, sizeof buf, "%s%s%s", surnames[pick(r, 16)], given[pick(r, 16)], chance(r, 50) ? given[pick(r, 16)] : "");
	c->customer = xstrdup(buf);
	/* A few customers come back: their numbers repeat. */
	snprintf(buf, sizeof buf, "13%d%08ld", (int)pick(r, 10), chance(r, 5) ? pick(r, 50) : pick(r, 100000000));
	c->phone = xstrdup(buf);
	if (chance(r, 70)) {
		snprintf(buf, sizeof buf, "%sA%05ld", provinces[pick(r, 6)], pick(r, 100000));
		c->plate = xstrdup(buf);
	}
	c->description = xstrdup(s->text);
	c->request = xstrdup(s->ask);
	c->need = xstrdup(needs[pick(r, 4)]);
	c->behaviour = xstrdup(behaviours[pick(r, 4)]);
	c->receiver = xstrdup(staff[pick(r, 5)]);
	*walk_in = cd_list_find(&cfg->channels, c->channel)->in_person;
}


int desk_demo(struct cd_desk *d, long count, unsigned long seed, int months, struct cd_err *err)
{
	struct rng r = {seed * 2654435761UL + 1};
	cd_time real_now = cd_now();
	cd_time start = real_now - (cd_time)months * 30 * 86400;
	int64_t step = count > 0 ? (real_now - start) / count : 0;
	int rc = 0;

	/* Demo data is the desk's own work, done as the staff it invents; it
	 * goes back to complaints it made earlier, which the store may keep
	 * more of in memory for it. */
	if (desk_require(d, PERM_MANAGE_USERS, NULL, err) || desk_writes_now(d, err) ||
	    tx_begin_bulk(d, STORE_BULK_REVISIT, err))
		return -1;
	d->system = d->generating = 1;
	for (long i = 0; i < count && rc == 0; i++) {
		struct cd_complaint c;
		int walk_in;
		fill(&r, d, &c, &walk_in);
		cd_time t0 = start + i * step + between(&r, 0, step > 1 ? step - 1 : 0);
		char *me = d->actor;
		cd_now_pin(t0);
		c.received_at = t0;
		d->actor = c.receiver;
		rc = desk_new(d, &c, walk_in, NULL, err);
		d->actor = me;
		if (!rc)
			rc = story_of(d, &r, &c, walk_in, t0, real_now, err) < 0 ? -1 : 0;
		cd_complaint_free(&c);
	}
	cd_now_pin(real_now);
	d->system = d->generating = 0;
	/* Deadlines that lapsed with nobody acting escalate as a sweep would. */
	struct desk_swept swept;
	if (!rc)
		rc = desk_sweep(d, &swept, err);
	if (rc || tx_commit(d, err)) {
		tx_rollback(d);
		return -1;
	}
	return 0;
}
