/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _FA_SHIM_KUNIT_RESOURCE_H
#define _FA_SHIM_KUNIT_RESOURCE_H

#include <kunit/test.h>

struct kunit_resource;
typedef int (*kunit_resource_init_t)(struct kunit_resource *, void *);
typedef void (*kunit_resource_free_t)(struct kunit_resource *);

struct kunit_resource {
	void *data;
	const char *name;
	kunit_resource_free_t free;
};

/*
 * Run @init on a new resource; on success @free runs when the case ends.
 * Returns the resource's data, NULL if @init failed.
 */
void *kunit_alloc_resource(struct kunit *test, kunit_resource_init_t init,
			   kunit_resource_free_t free, gfp_t internal_gfp,
			   void *context);

#endif
