/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _FA_SHIM_KUNIT_RESOURCE_H
#define _FA_SHIM_KUNIT_RESOURCE_H

#include <kunit/test.h>

/* A kunit_action_t that calls @orig, whose argument is an @arg_type. */
#define KUNIT_DEFINE_ACTION_WRAPPER(wrapper, orig, arg_type)	\
	static void wrapper(void *in)				\
	{							\
		orig((arg_type)in);				\
	}

#endif
