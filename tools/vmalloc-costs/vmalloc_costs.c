// SPDX-License-Identifier: GPL-2.0
/*
 * vmalloc_costs: the kernel side of make vmalloc-costs.  It allocates
 * arrays with kmalloc_array(), kvmalloc_array() or flex_array on command,
 * so that /init can read the kernel's own counters (/proc/meminfo,
 * /proc/interrupts, tracepoint histograms) around what it did.
 *
 * /init writes one command to /proc/vmalloc_costs and reads back one line
 * with its result.  Commands run in a kthread of their own, bound to CPU 0,
 * whose pid "worker" gives: a trace filtered on it sees their allocations,
 * and none of those /init makes to read and set the counters.
 *
 *   hold KIND MIB        allocate arrays of MIB MiB until the first failure
 *                        and keep them: "held N vmalloc V capped C"
 *   release              free the arrays kept by hold
 *   cycle KIND MIB N     N times create, fill and destroy one array:
 *                        "cycles N vmalloc V failed F"
 *   fragment             take every order-0 page the allocator gives
 *                        without reclaim, then free those of odd frame
 *                        number: "kept K freed F"
 *   unfragment           free the pages kept by fragment
 *   ctx MODE KIND MIB    one allocation in a context: MODE is gfp_kernel,
 *                        gfp_noio, gfp_nofs, gfp_nowait, gfp_atomic,
 *                        scope_noio or scope_nofs: "ok O vmalloc V"
 *   gfpbits              the values of __GFP_IO and __GFP_FS
 *   worker               the pid of the kthread that runs the commands
 *
 * KIND is kmalloc, kvmalloc or flex.  Arrays hold 8-byte elements, and are
 * filled: every page behind them is allocated and zeroed, by __GFP_ZERO or
 * by flex_array_prealloc().
 */

#include <linux/flex_array.h>
#include <linux/completion.h>
#include <linux/gfp.h>
#include <linux/kthread.h>
#include <linux/list.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/proc_fs.h>
#include <linux/sched.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>
#include <linux/wait.h>

#define VC_ELEMENT_SIZE	8
/* More arrays than any size and memory here can hold: 8 GiB of 1 MiB. */
#define VC_MAX_HELD	8192
/* Hold until memory runs out, failing rather than calling the OOM killer. */
#define VC_GFP_HOLD	(GFP_KERNEL | __GFP_RETRY_MAYFAIL | __GFP_NOWARN)

enum vc_kind { VC_KMALLOC, VC_KVMALLOC, VC_FLEX };

struct vc_array {
	enum vc_kind kind;
	void *mem;
};

static DEFINE_MUTEX(vc_lock);
static char vc_result[128];
/* The command handed to the worker, under vc_lock, and its outcome. */
static struct task_struct *vc_worker;
static DECLARE_WAIT_QUEUE_HEAD(vc_wait);
static DECLARE_COMPLETION(vc_done);
static char vc_line[64];
static bool vc_pending;
static int vc_ret;
/* Static, so that holding arrays allocates nothing but the arrays. */
static struct vc_array vc_held[VC_MAX_HELD];
static unsigned int vc_nr_held;
static LIST_HEAD(vc_frag_pages);

static int vc_parse_kind(const char *name, enum vc_kind *kind)
{
	if (!strcmp(name, "kmalloc"))
		*kind = VC_KMALLOC;
	else if (!strcmp(name, "kvmalloc"))
		*kind = VC_KVMALLOC;
	else if (!strcmp(name, "flex"))
		*kind = VC_FLEX;
	else
		return -EINVAL;
	return 0;
}

static void *vc_flex_alloc(size_t nr, gfp_t gfp)
{
	struct flex_array *fa = flex_array_alloc(VC_ELEMENT_SIZE, nr, gfp);

	if (fa && flex_array_prealloc(fa, 0, nr - 1, gfp)) {
		flex_array_free(fa);
		fa = NULL;
	}
	return fa;
}

/* One filled array of @mib MiB, or NULL. */
static void *vc_alloc(enum vc_kind kind, unsigned int mib, gfp_t gfp)
{
	size_t nr = (size_t)mib * SZ_1M / VC_ELEMENT_SIZE;

	switch (kind) {
	case VC_KMALLOC:
		return kmalloc_array(nr, VC_ELEMENT_SIZE, gfp | __GFP_ZERO);
	case VC_KVMALLOC:
		return kvmalloc_array(nr, VC_ELEMENT_SIZE, gfp | __GFP_ZERO);
	case VC_FLEX:
		return vc_flex_alloc(nr, gfp);
	}
	return NULL;
}

static void vc_free(enum vc_kind kind, void *mem)
{
	if (kind == VC_FLEX)
		flex_array_free(mem);
	else
		kvfree(mem);
}

/* Did kvmalloc_array() fall back to vmalloc?  Never for the others. */
static bool vc_vmalloced(enum vc_kind kind, void *mem)
{
	return kind != VC_FLEX && is_vmalloc_addr(mem);
}

static void vc_hold(enum vc_kind kind, unsigned int mib)
{
	unsigned int vmalloced = 0;
	unsigned int held = 0;
	void *mem;

	while (vc_nr_held < VC_MAX_HELD) {
		mem = vc_alloc(kind, mib, VC_GFP_HOLD);
		if (!mem)
			break;
		vc_held[vc_nr_held++] = (struct vc_array){ kind, mem };
		vmalloced += vc_vmalloced(kind, mem);
		held++;
	}
	snprintf(vc_result, sizeof(vc_result), "held %u vmalloc %u capped %d",
		 held, vmalloced, vc_nr_held == VC_MAX_HELD);
}

static void vc_release(void)
{
	unsigned int released = vc_nr_held;

	while (vc_nr_held) {
		vc_nr_held--;
		vc_free(vc_held[vc_nr_held].kind, vc_held[vc_nr_held].mem);
		cond_resched();
	}
	snprintf(vc_result, sizeof(vc_result), "released %u", released);
}

static void vc_cycle(enum vc_kind kind, unsigned int mib, unsigned int cycles)
{
	unsigned int vmalloced = 0, failed = 0, i;
	void *mem;

	for (i = 0; i < cycles; i++) {
		mem = vc_alloc(kind, mib, GFP_KERNEL | __GFP_NOWARN);
		if (!mem) {
			failed++;
			continue;
		}
		vmalloced += vc_vmalloced(kind, mem);
		vc_free(kind, mem);
		cond_resched();
	}
	snprintf(vc_result, sizeof(vc_result), "cycles %u vmalloc %u failed %u",
		 cycles, vmalloced, failed);
}

/*
 * Fragment free memory: take all the order-0 pages the allocator hands out
 * without reclaim or the OOM killer, then give back those of odd frame
 * number.  A free page's buddy is then always a kept page, so no free
 * block above order 0 can form from them; the kept pages are unmovable,
 * so compaction cannot undo it.
 */
static void vc_fragment(void)
{
	unsigned long kept = 0, freed = 0;
	struct page *page, *next;

	while ((page = alloc_page(GFP_KERNEL | __GFP_NORETRY | __GFP_NOWARN))) {
		list_add(&page->lru, &vc_frag_pages);
		if (!(++kept % 1024))
			cond_resched();
	}
	list_for_each_entry_safe(page, next, &vc_frag_pages, lru) {
		if (page_to_pfn(page) & 1) {
			list_del(&page->lru);
			__free_page(page);
			freed++;
		}
	}
	snprintf(vc_result, sizeof(vc_result), "kept %lu freed %lu",
		 kept - freed, freed);
}

static void vc_unfragment(void)
{
	unsigned long freed = 0;
	struct page *page, *next;

	list_for_each_entry_safe(page, next, &vc_frag_pages, lru) {
		list_del(&page->lru);
		__free_page(page);
		freed++;
	}
	snprintf(vc_result, sizeof(vc_result), "freed %lu", freed);
}

struct vc_ctx {
	const char *name;
	gfp_t gfp;
	/* 0, or the memalloc_*_save() scope to allocate in. */
	unsigned int scope;
};

static const struct vc_ctx vc_ctxs[] = {
	{ "gfp_kernel", GFP_KERNEL, 0 },
	{ "gfp_noio", GFP_NOIO, 0 },
	{ "gfp_nofs", GFP_NOFS, 0 },
	{ "gfp_nowait", GFP_NOWAIT, 0 },
	{ "gfp_atomic", GFP_ATOMIC, 0 },
	{ "scope_noio", GFP_KERNEL, PF_MEMALLOC_NOIO },
	{ "scope_nofs", GFP_KERNEL, PF_MEMALLOC_NOFS },
};

static int vc_context(const char *mode, enum vc_kind kind, unsigned int mib)
{
	const struct vc_ctx *ctx = NULL;
	unsigned int flags = 0, i;
	void *mem;

	for (i = 0; i < ARRAY_SIZE(vc_ctxs); i++)
		if (!strcmp(mode, vc_ctxs[i].name))
			ctx = &vc_ctxs[i];
	if (!ctx)
		return -EINVAL;

	if (ctx->scope == PF_MEMALLOC_NOIO)
		flags = memalloc_noio_save();
	else if (ctx->scope == PF_MEMALLOC_NOFS)
		flags = memalloc_nofs_save();
	mem = vc_alloc(kind, mib, ctx->gfp | __GFP_NOWARN);
	if (ctx->scope == PF_MEMALLOC_NOIO)
		memalloc_noio_restore(flags);
	else if (ctx->scope == PF_MEMALLOC_NOFS)
		memalloc_nofs_restore(flags);

	snprintf(vc_result, sizeof(vc_result), "ok %d vmalloc %d", !!mem,
		 mem && vc_vmalloced(kind, mem));
	if (mem)
		vc_free(kind, mem);
	return 0;
}

static int vc_run(char *line)
{
	char cmd[16], arg[16], mode[16];
	unsigned int mib, n;
	enum vc_kind kind;
	int args;

	if (sscanf(line, "ctx %15s %15s %u", mode, arg, &mib) == 3) {
		if (!mib || vc_parse_kind(arg, &kind))
			return -EINVAL;
		return vc_context(mode, kind, mib);
	}
	args = sscanf(line, "%15s %15s %u %u", cmd, arg, &mib, &n);
	if (args == 1 && !strcmp(cmd, "release"))
		vc_release();
	else if (args == 1 && !strcmp(cmd, "fragment"))
		vc_fragment();
	else if (args == 1 && !strcmp(cmd, "unfragment"))
		vc_unfragment();
	else if (args == 1 && !strcmp(cmd, "worker"))
		snprintf(vc_result, sizeof(vc_result), "pid %d",
			 task_pid_nr(current));
	else if (args == 1 && !strcmp(cmd, "gfpbits"))
		snprintf(vc_result, sizeof(vc_result), "io %#lx fs %#lx",
			 (__force unsigned long)__GFP_IO,
			 (__force unsigned long)__GFP_FS);
	else if (args == 3 && !strcmp(cmd, "hold") &&
		 !vc_parse_kind(arg, &kind) && mib)
		vc_hold(kind, mib);
	else if (args == 4 && !strcmp(cmd, "cycle") &&
		 !vc_parse_kind(arg, &kind) && mib)
		vc_cycle(kind, mib, n);
	else
		return -EINVAL;
	return 0;
}

static int vc_work(void *unused)
{
	while (!kthread_should_stop()) {
		wait_event_interruptible(vc_wait, READ_ONCE(vc_pending) ||
					 kthread_should_stop());
		if (!READ_ONCE(vc_pending))
			continue;
		vc_ret = vc_run(vc_line);
		WRITE_ONCE(vc_pending, false);
		complete(&vc_done);
	}
	return 0;
}

static ssize_t vc_write(struct file *file, const char __user *ubuf,
			size_t len, loff_t *ppos)
{
	int ret;

	if (len >= sizeof(vc_line))
		return -EINVAL;
	mutex_lock(&vc_lock);
	if (copy_from_user(vc_line, ubuf, len)) {
		mutex_unlock(&vc_lock);
		return -EFAULT;
	}
	vc_line[len] = '\0';
	vc_result[0] = '\0';
	reinit_completion(&vc_done);
	WRITE_ONCE(vc_pending, true);
	wake_up(&vc_wait);
	wait_for_completion(&vc_done);
	ret = vc_ret;
	mutex_unlock(&vc_lock);
	return ret ? ret : len;
}

static ssize_t vc_read(struct file *file, char __user *ubuf, size_t len,
		       loff_t *ppos)
{
	char line[sizeof(vc_result) + 1];
	size_t n;

	mutex_lock(&vc_lock);
	n = scnprintf(line, sizeof(line), "%s\n", vc_result);
	mutex_unlock(&vc_lock);
	return simple_read_from_buffer(ubuf, len, ppos, line, n);
}

static const struct proc_ops vc_ops = {
	.proc_read = vc_read,
	.proc_write = vc_write,
	.proc_lseek = default_llseek,
};

static int __init vc_init(void)
{
	vc_worker = kthread_create(vc_work, NULL, "vmalloc_costs");
	if (IS_ERR(vc_worker))
		return PTR_ERR(vc_worker);
	/* CPU 0, where /init runs: the other CPUs are the ones interrupted. */
	kthread_bind(vc_worker, 0);
	wake_up_process(vc_worker);
	if (!proc_create("vmalloc_costs", 0600, NULL, &vc_ops)) {
		kthread_stop(vc_worker);
		return -ENOMEM;
	}
	return 0;
}

static void __exit vc_exit(void)
{
	remove_proc_entry("vmalloc_costs", NULL);
	kthread_stop(vc_worker);
	vc_release();
	vc_unfragment();
}

module_init(vc_init);
module_exit(vc_exit);
MODULE_DESCRIPTION("What vmalloc costs that flex_array does not: make vmalloc-costs");
MODULE_LICENSE("GPL");
