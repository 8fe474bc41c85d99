/* lwIP's OS types on Amphi's kernel primitives (kernel/sync.h): each is a
 * pointer to a malloc'd kernel object, NULL when invalid. */
#ifndef AMPHI_LWIP_SYS_ARCH_H
#define AMPHI_LWIP_SYS_ARCH_H

struct semaphore;
struct mutex;
struct lwip_mbox;
struct thread;

typedef struct semaphore *sys_sem_t;
typedef struct mutex *sys_mutex_t;
typedef struct lwip_mbox *sys_mbox_t;
typedef struct thread *sys_thread_t;
typedef unsigned long sys_prot_t;

#define sys_sem_valid(s) (*(s) != NULL)
#define sys_sem_set_invalid(s) (*(s) = NULL)
#define sys_mutex_valid(m) (*(m) != NULL)
#define sys_mutex_set_invalid(m) (*(m) = NULL)
#define sys_mbox_valid(b) (*(b) != NULL)
#define sys_mbox_set_invalid(b) (*(b) = NULL)

#endif
