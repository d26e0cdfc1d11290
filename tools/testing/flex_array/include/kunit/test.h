/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A thin KUnit for userspace: enough of the kernel's API that a KUnit
 * suite compiles unchanged and runs in the harness (shim/kunit.c).  Cases
 * run in one process; an ASSERT failure leaves its case by longjmp().
 */
#ifndef _FA_SHIM_KUNIT_TEST_H
#define _FA_SHIM_KUNIT_TEST_H

#include <setjmp.h>
#include <string.h>
#include <linux/compiler.h>
#include <linux/err.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/types.h>

#define KUNIT_PARAM_DESC_SIZE	128

struct kunit;
typedef void (kunit_action_t)(void *);

enum kunit_status {
	KUNIT_SUCCESS,
	KUNIT_FAILURE,
	KUNIT_SKIPPED,
};

enum kunit_speed {
	KUNIT_SPEED_UNSET,
	KUNIT_SPEED_VERY_SLOW,
	KUNIT_SPEED_SLOW,
	KUNIT_SPEED_NORMAL,
};

struct kunit_attributes {
	enum kunit_speed speed;
};

/*
 * Generators take the test as in Linux 7.3, where KUNIT_ARRAY_PARAM()
 * gained it: a generator written by hand for an older kernel fails to
 * build here as it would there.  The case's private fields (the kernel
 * keeps its last result in them) are left out, so that a test writing to
 * them does not build either.
 */
struct kunit_case {
	void (*run_case)(struct kunit *test);
	const char *name;
	const void *(*generate_params)(struct kunit *test, const void *prev,
				       char *desc);
	struct kunit_attributes attr;
};

struct kunit_suite {
	const char name[256];
	int (*suite_init)(struct kunit_suite *suite);
	void (*suite_exit)(struct kunit_suite *suite);
	int (*init)(struct kunit *test);
	void (*exit)(struct kunit *test);
	struct kunit_case *test_cases;
};

struct kunit_resource_entry;

struct kunit {
	void *priv;
	const void *param_value;
	int param_index;
	const char *name;
	/* private: the runner's */
	bool failed, skipped;
	unsigned int reports;
	char skip_reason[256];
	jmp_buf *abort_to;
	struct kunit_resource_entry *resources;
};

enum kunit_assert_type {
	KUNIT_ASSERTION,
	KUNIT_EXPECTATION,
};

#define KUNIT_CASE(fn)		{ .run_case = fn, .name = #fn }
#define KUNIT_CASE_PARAM_ATTR(fn, gen, attributes) \
	{ .run_case = fn, .name = #fn, .generate_params = gen, .attr = attributes }
#define KUNIT_CASE_PARAM(fn, gen) \
	{ .run_case = fn, .name = #fn, .generate_params = gen }

/*
 * Walk @array element by element; @get_desc (may be NULL) names each one.
 * The parameter handed to the case is the element's address.  The type of
 * (@array) + 0 is that of a pointer to its elements.
 */
#define KUNIT_ARRAY_PARAM(name, array, get_desc)			\
static const void *name##_gen_params(struct kunit *test,		\
				     const void *prev, char *desc)	\
{									\
	typeof((array) + 0) __fa_first = (array), __fa_next =		\
		prev ? (typeof(__fa_first))prev + 1 : __fa_first;	\
	void (*__fa_desc)(typeof((array) + 0), char *) = get_desc;	\
									\
	if (__fa_next >= __fa_first + sizeof(array) / sizeof((array)[0])) \
		return NULL;						\
	if (__fa_desc)							\
		__fa_desc(__fa_next, desc);				\
	return __fa_next;						\
}

#define KUNIT_ARRAY_PARAM_DESC(name, array, desc_member)		\
static const void *name##_gen_params(struct kunit *test,		\
				     const void *prev, char *desc)	\
{									\
	typeof((array) + 0) __fa_first = (array), __fa_next =		\
		prev ? (typeof(__fa_first))prev + 1 : __fa_first;	\
									\
	if (__fa_next >= __fa_first + sizeof(array) / sizeof((array)[0])) \
		return NULL;						\
	strscpy(desc, __fa_next->desc_member, KUNIT_PARAM_DESC_SIZE);	\
	return __fa_next;						\
}

/* Suites register themselves before main(), in link order. */
void __kunit_register_suites(struct kunit_suite **suites, size_t n);

#define __KUNIT_CAT2(a, b)	a##b
#define __KUNIT_CAT(a, b)	__KUNIT_CAT2(a, b)
#define __kunit_test_suites(id, ...)					\
	static struct kunit_suite *id##_list[] = { __VA_ARGS__ };	\
	static void __attribute__((constructor)) id(void)		\
	{								\
		__kunit_register_suites(id##_list, ARRAY_SIZE(id##_list)); \
	}
/* One more expansion, so that @id is a name before it is pasted. */
#define __kunit_test_suites_id(id, ...)	__kunit_test_suites(id, __VA_ARGS__)
#define kunit_test_suites(...) \
	__kunit_test_suites_id(__KUNIT_CAT(__kunit_suites_, __COUNTER__), \
			       __VA_ARGS__)
#define kunit_test_suite(suite)			kunit_test_suites(&(suite))
#define kunit_test_init_section_suites(...)	kunit_test_suites(__VA_ARGS__)
#define kunit_test_init_section_suite(suite)	kunit_test_suites(&(suite))

/* Resources, released in reverse order when the case ends. */
int kunit_add_action(struct kunit *test, kunit_action_t *action, void *ctx);
int kunit_add_action_or_reset(struct kunit *test, kunit_action_t *action,
			      void *ctx);
void kunit_remove_action(struct kunit *test, kunit_action_t *action,
			 void *ctx);
void kunit_release_action(struct kunit *test, kunit_action_t *action,
			  void *ctx);

/* Test-side memory: plain malloc(), outside the fake allocator's books. */
void *kunit_kmalloc(struct kunit *test, size_t size, gfp_t gfp);
void kunit_kfree(struct kunit *test, const void *ptr);

static inline void *kunit_kzalloc(struct kunit *test, size_t size, gfp_t gfp)
{
	return kunit_kmalloc(test, size, gfp | __GFP_ZERO);
}

static inline void *kunit_kmalloc_array(struct kunit *test, size_t n,
					size_t size, gfp_t gfp)
{
	return kunit_kmalloc(test, size_mul(n, size), gfp);
}

static inline void *kunit_kcalloc(struct kunit *test, size_t n, size_t size,
				  gfp_t gfp)
{
	return kunit_kmalloc_array(test, n, size, gfp | __GFP_ZERO);
}

/* Reporting. */
void __printf(2, 3) __kunit_log(struct kunit *test, const char *fmt, ...);
void __printf(5, 6) __kunit_fail(struct kunit *test,
				 enum kunit_assert_type type,
				 const char *file, int line,
				 const char *fmt, ...);
void __printf(2, 3) __kunit_msg(struct kunit *test, const char *fmt, ...);
void __kunit_checked(struct kunit *test, enum kunit_assert_type type);
void __printf(2, 3) __kunit_skip(struct kunit *test, const char *fmt, ...);
void __noreturn __kunit_abort(struct kunit *test);
void __kunit_hexdump_diff(struct kunit *test, const void *left,
			  const void *right, size_t size);

#define kunit_log(lvl, test, fmt, ...)	__kunit_log(test, fmt, ##__VA_ARGS__)
#define kunit_info(test, fmt, ...)	__kunit_log(test, fmt, ##__VA_ARGS__)
#define kunit_warn(test, fmt, ...)	__kunit_log(test, fmt, ##__VA_ARGS__)
#define kunit_err(test, fmt, ...)	__kunit_log(test, fmt, ##__VA_ARGS__)
#define kunit_mark_skipped(test, fmt, ...) \
	__kunit_skip(test, fmt, ##__VA_ARGS__)
#define kunit_skip(test, fmt, ...)					\
	do {								\
		struct kunit *__fa_t = (test);				\
									\
		__kunit_skip(__fa_t, fmt, ##__VA_ARGS__);		\
		__kunit_abort(__fa_t);					\
	} while (0)

/*
 * Every check reports its own failure, adds the caller's message if any
 * (an empty one otherwise: the _MSG-less forms pass "%s", ""), then
 * __kunit_checked() leaves the case if it was an assertion.
 */
#define __KUNIT_FAILED(test, type, fmt, ...)				\
	do {								\
		struct kunit *__fa_ft = (test);				\
									\
		__kunit_msg(__fa_ft, fmt, ##__VA_ARGS__);		\
		__kunit_checked(__fa_ft, type);				\
	} while (0)

#define KUNIT_FAIL(test, fmt, ...)					\
	__kunit_fail(test, KUNIT_EXPECTATION, __FILE__, __LINE__,	\
		     fmt, ##__VA_ARGS__)
#define KUNIT_SUCCEED(test)	((void)(test))

#define __KUNIT_BOOL(test, type, cond, want, fmt, ...)			\
	do {								\
		struct kunit *__fa_t = (test);				\
		bool __fa_c = (cond), __fa_want = (want);		\
									\
		if (__fa_c != __fa_want) {				\
			__kunit_fail(__fa_t, type, __FILE__, __LINE__,	\
				     "Expected %s to be %s, but is %s",	\
				     #cond, __fa_want ? "true" : "false", \
				     __fa_want ? "false" : "true");	\
			__KUNIT_FAILED(__fa_t, type, fmt, ##__VA_ARGS__); \
		}							\
	} while (0)

#define __KUNIT_INT(test, type, left, op, right, fmt, ...)		\
	do {								\
		struct kunit *__fa_t = (test);				\
		typeof(left) __fa_l = (left);				\
		typeof(right) __fa_r = (right);				\
									\
		if (!(__fa_l op __fa_r)) {				\
			__kunit_fail(__fa_t, type, __FILE__, __LINE__,	\
				     "Expected %s %s %s, but\n"		\
				     "        %s == %lld (0x%llx)\n"	\
				     "        %s == %lld (0x%llx)",	\
				     #left, #op, #right,		\
				     #left, (long long)__fa_l,		\
				     (unsigned long long)__fa_l,	\
				     #right, (long long)__fa_r,		\
				     (unsigned long long)__fa_r);	\
			__KUNIT_FAILED(__fa_t, type, fmt, ##__VA_ARGS__); \
		}							\
	} while (0)

#define __KUNIT_PTR(test, type, left, op, right, fmt, ...)		\
	do {								\
		struct kunit *__fa_t = (test);				\
		const void *__fa_l = (left), *__fa_r = (right);		\
									\
		if (!(__fa_l op __fa_r)) {				\
			__kunit_fail(__fa_t, type, __FILE__, __LINE__,	\
				     "Expected %s %s %s, but\n"		\
				     "        %s == %p\n"		\
				     "        %s == %p",		\
				     #left, #op, #right,		\
				     #left, __fa_l, #right, __fa_r);	\
			__KUNIT_FAILED(__fa_t, type, fmt, ##__VA_ARGS__); \
		}							\
	} while (0)

#define __KUNIT_NOT_ERR_OR_NULL(test, type, ptr, fmt, ...)		\
	do {								\
		struct kunit *__fa_t = (test);				\
		const void *__fa_p = (ptr);				\
									\
		if (IS_ERR_OR_NULL(__fa_p)) {				\
			__kunit_fail(__fa_t, type, __FILE__, __LINE__,	\
				     "Expected %s is not error or null, but is %p", \
				     #ptr, __fa_p);			\
			__KUNIT_FAILED(__fa_t, type, fmt, ##__VA_ARGS__); \
		}							\
	} while (0)

#define __KUNIT_MEM(test, type, left, right, size, want, fmt, ...)	\
	do {								\
		struct kunit *__fa_t = (test);				\
		bool __fa_want = (want);				\
		const void *__fa_l = (left), *__fa_r = (right);		\
		size_t __fa_n = (size);					\
									\
		if ((memcmp(__fa_l, __fa_r, __fa_n) == 0) != __fa_want) { \
			__kunit_fail(__fa_t, type, __FILE__, __LINE__,	\
				     "Expected %s %s %s over %zu bytes",	\
				     #left, __fa_want ? "==" : "!=", #right, \
				     __fa_n);				\
			if (__fa_want)					\
				__kunit_hexdump_diff(__fa_t, __fa_l, __fa_r, __fa_n); \
			__KUNIT_FAILED(__fa_t, type, fmt, ##__VA_ARGS__); \
		}							\
	} while (0)

#define __KUNIT_STR(test, type, left, right, want, fmt, ...)		\
	do {								\
		struct kunit *__fa_t = (test);				\
		bool __fa_want = (want);				\
		const char *__fa_l = (left), *__fa_r = (right);		\
									\
		if ((strcmp(__fa_l, __fa_r) == 0) != __fa_want) {	\
			__kunit_fail(__fa_t, type, __FILE__, __LINE__,	\
				     "Expected %s %s %s, but\n"		\
				     "        %s == \"%s\"\n"		\
				     "        %s == \"%s\"",		\
				     #left, __fa_want ? "==" : "!=", #right, \
				     #left, __fa_l, #right, __fa_r);	\
			__KUNIT_FAILED(__fa_t, type, fmt, ##__VA_ARGS__); \
		}							\
	} while (0)

/* The public checks, EXPECT then ASSERT, each with a _MSG form. */
#define KUNIT_EXPECT_TRUE_MSG(t, c, fmt, ...) \
	__KUNIT_BOOL(t, KUNIT_EXPECTATION, c, true, fmt, ##__VA_ARGS__)
#define KUNIT_EXPECT_FALSE_MSG(t, c, fmt, ...) \
	__KUNIT_BOOL(t, KUNIT_EXPECTATION, c, false, fmt, ##__VA_ARGS__)
#define KUNIT_EXPECT_EQ_MSG(t, l, r, fmt, ...) \
	__KUNIT_INT(t, KUNIT_EXPECTATION, l, ==, r, fmt, ##__VA_ARGS__)
#define KUNIT_EXPECT_NE_MSG(t, l, r, fmt, ...) \
	__KUNIT_INT(t, KUNIT_EXPECTATION, l, !=, r, fmt, ##__VA_ARGS__)
#define KUNIT_EXPECT_LT_MSG(t, l, r, fmt, ...) \
	__KUNIT_INT(t, KUNIT_EXPECTATION, l, <, r, fmt, ##__VA_ARGS__)
#define KUNIT_EXPECT_LE_MSG(t, l, r, fmt, ...) \
	__KUNIT_INT(t, KUNIT_EXPECTATION, l, <=, r, fmt, ##__VA_ARGS__)
#define KUNIT_EXPECT_GT_MSG(t, l, r, fmt, ...) \
	__KUNIT_INT(t, KUNIT_EXPECTATION, l, >, r, fmt, ##__VA_ARGS__)
#define KUNIT_EXPECT_GE_MSG(t, l, r, fmt, ...) \
	__KUNIT_INT(t, KUNIT_EXPECTATION, l, >=, r, fmt, ##__VA_ARGS__)
#define KUNIT_EXPECT_PTR_EQ_MSG(t, l, r, fmt, ...) \
	__KUNIT_PTR(t, KUNIT_EXPECTATION, l, ==, r, fmt, ##__VA_ARGS__)
#define KUNIT_EXPECT_PTR_NE_MSG(t, l, r, fmt, ...) \
	__KUNIT_PTR(t, KUNIT_EXPECTATION, l, !=, r, fmt, ##__VA_ARGS__)
#define KUNIT_EXPECT_NULL_MSG(t, p, fmt, ...) \
	__KUNIT_PTR(t, KUNIT_EXPECTATION, p, ==, NULL, fmt, ##__VA_ARGS__)
#define KUNIT_EXPECT_NOT_NULL_MSG(t, p, fmt, ...) \
	__KUNIT_PTR(t, KUNIT_EXPECTATION, p, !=, NULL, fmt, ##__VA_ARGS__)
#define KUNIT_EXPECT_NOT_ERR_OR_NULL_MSG(t, p, fmt, ...) \
	__KUNIT_NOT_ERR_OR_NULL(t, KUNIT_EXPECTATION, p, fmt, ##__VA_ARGS__)
#define KUNIT_EXPECT_MEMEQ_MSG(t, l, r, n, fmt, ...) \
	__KUNIT_MEM(t, KUNIT_EXPECTATION, l, r, n, true, fmt, ##__VA_ARGS__)
#define KUNIT_EXPECT_MEMNEQ_MSG(t, l, r, n, fmt, ...) \
	__KUNIT_MEM(t, KUNIT_EXPECTATION, l, r, n, false, fmt, ##__VA_ARGS__)
#define KUNIT_EXPECT_STREQ_MSG(t, l, r, fmt, ...) \
	__KUNIT_STR(t, KUNIT_EXPECTATION, l, r, true, fmt, ##__VA_ARGS__)
#define KUNIT_EXPECT_STRNEQ_MSG(t, l, r, fmt, ...) \
	__KUNIT_STR(t, KUNIT_EXPECTATION, l, r, false, fmt, ##__VA_ARGS__)

#define KUNIT_ASSERT_TRUE_MSG(t, c, fmt, ...) \
	__KUNIT_BOOL(t, KUNIT_ASSERTION, c, true, fmt, ##__VA_ARGS__)
#define KUNIT_ASSERT_FALSE_MSG(t, c, fmt, ...) \
	__KUNIT_BOOL(t, KUNIT_ASSERTION, c, false, fmt, ##__VA_ARGS__)
#define KUNIT_ASSERT_EQ_MSG(t, l, r, fmt, ...) \
	__KUNIT_INT(t, KUNIT_ASSERTION, l, ==, r, fmt, ##__VA_ARGS__)
#define KUNIT_ASSERT_NE_MSG(t, l, r, fmt, ...) \
	__KUNIT_INT(t, KUNIT_ASSERTION, l, !=, r, fmt, ##__VA_ARGS__)
#define KUNIT_ASSERT_LT_MSG(t, l, r, fmt, ...) \
	__KUNIT_INT(t, KUNIT_ASSERTION, l, <, r, fmt, ##__VA_ARGS__)
#define KUNIT_ASSERT_LE_MSG(t, l, r, fmt, ...) \
	__KUNIT_INT(t, KUNIT_ASSERTION, l, <=, r, fmt, ##__VA_ARGS__)
#define KUNIT_ASSERT_GT_MSG(t, l, r, fmt, ...) \
	__KUNIT_INT(t, KUNIT_ASSERTION, l, >, r, fmt, ##__VA_ARGS__)
#define KUNIT_ASSERT_GE_MSG(t, l, r, fmt, ...) \
	__KUNIT_INT(t, KUNIT_ASSERTION, l, >=, r, fmt, ##__VA_ARGS__)
#define KUNIT_ASSERT_PTR_EQ_MSG(t, l, r, fmt, ...) \
	__KUNIT_PTR(t, KUNIT_ASSERTION, l, ==, r, fmt, ##__VA_ARGS__)
#define KUNIT_ASSERT_PTR_NE_MSG(t, l, r, fmt, ...) \
	__KUNIT_PTR(t, KUNIT_ASSERTION, l, !=, r, fmt, ##__VA_ARGS__)
#define KUNIT_ASSERT_NULL_MSG(t, p, fmt, ...) \
	__KUNIT_PTR(t, KUNIT_ASSERTION, p, ==, NULL, fmt, ##__VA_ARGS__)
#define KUNIT_ASSERT_NOT_NULL_MSG(t, p, fmt, ...) \
	__KUNIT_PTR(t, KUNIT_ASSERTION, p, !=, NULL, fmt, ##__VA_ARGS__)
#define KUNIT_ASSERT_NOT_ERR_OR_NULL_MSG(t, p, fmt, ...) \
	__KUNIT_NOT_ERR_OR_NULL(t, KUNIT_ASSERTION, p, fmt, ##__VA_ARGS__)
#define KUNIT_ASSERT_MEMEQ_MSG(t, l, r, n, fmt, ...) \
	__KUNIT_MEM(t, KUNIT_ASSERTION, l, r, n, true, fmt, ##__VA_ARGS__)
#define KUNIT_ASSERT_MEMNEQ_MSG(t, l, r, n, fmt, ...) \
	__KUNIT_MEM(t, KUNIT_ASSERTION, l, r, n, false, fmt, ##__VA_ARGS__)
#define KUNIT_ASSERT_STREQ_MSG(t, l, r, fmt, ...) \
	__KUNIT_STR(t, KUNIT_ASSERTION, l, r, true, fmt, ##__VA_ARGS__)
#define KUNIT_ASSERT_STRNEQ_MSG(t, l, r, fmt, ...) \
	__KUNIT_STR(t, KUNIT_ASSERTION, l, r, false, fmt, ##__VA_ARGS__)
/* Linux 6.1 calls it KUNIT_ASSERT_FAILURE(). */
#define KUNIT_FAIL_AND_ABORT(t, fmt, ...)				\
	do {								\
		struct kunit *__fa_t = (t);				\
									\
		__kunit_fail(__fa_t, KUNIT_ASSERTION, __FILE__, __LINE__, \
			     fmt, ##__VA_ARGS__);			\
		__kunit_checked(__fa_t, KUNIT_ASSERTION);		\
	} while (0)

#define KUNIT_EXPECT_TRUE(t, c)			KUNIT_EXPECT_TRUE_MSG(t, c, "%s", "")
#define KUNIT_EXPECT_FALSE(t, c)		KUNIT_EXPECT_FALSE_MSG(t, c, "%s", "")
#define KUNIT_EXPECT_EQ(t, l, r)		KUNIT_EXPECT_EQ_MSG(t, l, r, "%s", "")
#define KUNIT_EXPECT_NE(t, l, r)		KUNIT_EXPECT_NE_MSG(t, l, r, "%s", "")
#define KUNIT_EXPECT_LT(t, l, r)		KUNIT_EXPECT_LT_MSG(t, l, r, "%s", "")
#define KUNIT_EXPECT_LE(t, l, r)		KUNIT_EXPECT_LE_MSG(t, l, r, "%s", "")
#define KUNIT_EXPECT_GT(t, l, r)		KUNIT_EXPECT_GT_MSG(t, l, r, "%s", "")
#define KUNIT_EXPECT_GE(t, l, r)		KUNIT_EXPECT_GE_MSG(t, l, r, "%s", "")
#define KUNIT_EXPECT_PTR_EQ(t, l, r)		KUNIT_EXPECT_PTR_EQ_MSG(t, l, r, "%s", "")
#define KUNIT_EXPECT_PTR_NE(t, l, r)		KUNIT_EXPECT_PTR_NE_MSG(t, l, r, "%s", "")
#define KUNIT_EXPECT_NULL(t, p)			KUNIT_EXPECT_NULL_MSG(t, p, "%s", "")
#define KUNIT_EXPECT_NOT_NULL(t, p)		KUNIT_EXPECT_NOT_NULL_MSG(t, p, "%s", "")
#define KUNIT_EXPECT_NOT_ERR_OR_NULL(t, p)	KUNIT_EXPECT_NOT_ERR_OR_NULL_MSG(t, p, "%s", "")
#define KUNIT_EXPECT_MEMEQ(t, l, r, n)		KUNIT_EXPECT_MEMEQ_MSG(t, l, r, n, "%s", "")
#define KUNIT_EXPECT_MEMNEQ(t, l, r, n)		KUNIT_EXPECT_MEMNEQ_MSG(t, l, r, n, "%s", "")
#define KUNIT_EXPECT_STREQ(t, l, r)		KUNIT_EXPECT_STREQ_MSG(t, l, r, "%s", "")
#define KUNIT_EXPECT_STRNEQ(t, l, r)		KUNIT_EXPECT_STRNEQ_MSG(t, l, r, "%s", "")

#define KUNIT_ASSERT_TRUE(t, c)			KUNIT_ASSERT_TRUE_MSG(t, c, "%s", "")
#define KUNIT_ASSERT_FALSE(t, c)		KUNIT_ASSERT_FALSE_MSG(t, c, "%s", "")
#define KUNIT_ASSERT_EQ(t, l, r)		KUNIT_ASSERT_EQ_MSG(t, l, r, "%s", "")
#define KUNIT_ASSERT_NE(t, l, r)		KUNIT_ASSERT_NE_MSG(t, l, r, "%s", "")
#define KUNIT_ASSERT_LT(t, l, r)		KUNIT_ASSERT_LT_MSG(t, l, r, "%s", "")
#define KUNIT_ASSERT_LE(t, l, r)		KUNIT_ASSERT_LE_MSG(t, l, r, "%s", "")
#define KUNIT_ASSERT_GT(t, l, r)		KUNIT_ASSERT_GT_MSG(t, l, r, "%s", "")
#define KUNIT_ASSERT_GE(t, l, r)		KUNIT_ASSERT_GE_MSG(t, l, r, "%s", "")
#define KUNIT_ASSERT_PTR_EQ(t, l, r)		KUNIT_ASSERT_PTR_EQ_MSG(t, l, r, "%s", "")
#define KUNIT_ASSERT_PTR_NE(t, l, r)		KUNIT_ASSERT_PTR_NE_MSG(t, l, r, "%s", "")
#define KUNIT_ASSERT_NULL(t, p)			KUNIT_ASSERT_NULL_MSG(t, p, "%s", "")
#define KUNIT_ASSERT_NOT_NULL(t, p)		KUNIT_ASSERT_NOT_NULL_MSG(t, p, "%s", "")
#define KUNIT_ASSERT_NOT_ERR_OR_NULL(t, p)	KUNIT_ASSERT_NOT_ERR_OR_NULL_MSG(t, p, "%s", "")
#define KUNIT_ASSERT_MEMEQ(t, l, r, n)		KUNIT_ASSERT_MEMEQ_MSG(t, l, r, n, "%s", "")
#define KUNIT_ASSERT_MEMNEQ(t, l, r, n)		KUNIT_ASSERT_MEMNEQ_MSG(t, l, r, n, "%s", "")
#define KUNIT_ASSERT_STREQ(t, l, r)		KUNIT_ASSERT_STREQ_MSG(t, l, r, "%s", "")
#define KUNIT_ASSERT_STRNEQ(t, l, r)		KUNIT_ASSERT_STRNEQ_MSG(t, l, r, "%s", "")

#endif
