// Linked into the release binary by Scripts/package.sh as the archive libcurl.a, in place of libcurl.
//
// Why: the MCP SDK (swift-sdk, `alb-doctor mcp`) imports FoundationNetworking for its HTTP *client* transport
// and OAuth client. With --static-swift-stdlib that pulls in Foundation's URLSession layer
// (lib_CFURLSessionInterface.a), which asks the linker for -lcurl. A static libcurl would bring OpenSSL,
// nghttp2, libidn2, libpsl, ... into the binary, and a shared one would make the binary need libcurl.so.4,
// which a minimal Debian or a container does not have (Scripts/check-linkage.sh allows glibc only).
//
// alb-doctor never opens a URLSession: AWS calls go through AsyncHTTPClient (SwiftNIO), and `alb-doctor mcp`
// is an MCP *server* (stdio, or --http served by SwiftNIO). So the release binary gets these definitions
// instead of libcurl: every entry point fails the way libcurl reports a failure (CURLE_FAILED_INIT, NULL), so
// a URLSession, should one ever be created, would fail with an error rather than the program being unable to
// load. Scripts/check-linkage.sh checks the binary needs no libcurl; the debug build (tests) links the
// toolchain's own FoundationNetworking against nothing from here.
#include <stddef.h>

enum { curle_failed_init = 2, curlm_internal_error = 4, curlue_out_of_memory = 7 };

static const char unavailable[] = "libcurl is not linked into this alb-doctor build";
static char version_info[512];  // a zeroed curl_version_info_data: no features, no protocols

void *curl_easy_init(void) { return NULL; }
void curl_easy_cleanup(void *handle) { (void)handle; }
int curl_easy_pause(void *handle, int bitmask) { (void)handle; (void)bitmask; return curle_failed_init; }
int curl_easy_setopt(void *handle, int option, ...) { (void)handle; (void)option; return curle_failed_init; }
int curl_easy_getinfo(void *handle, int info, ...) { (void)handle; (void)info; return curle_failed_init; }
const char *curl_easy_strerror(int code) { (void)code; return unavailable; }
int curl_global_init(long flags) { (void)flags; return curle_failed_init; }
char *curl_version(void) { return (char *)unavailable; }
void *curl_version_info(int age) { (void)age; return version_info; }
void curl_free(void *pointer) { (void)pointer; }

void *curl_multi_init(void) { return NULL; }
int curl_multi_cleanup(void *multi) { (void)multi; return curlm_internal_error; }
int curl_multi_add_handle(void *multi, void *easy) { (void)multi; (void)easy; return curlm_internal_error; }
int curl_multi_remove_handle(void *multi, void *easy) { (void)multi; (void)easy; return curlm_internal_error; }
int curl_multi_assign(void *multi, int socket, void *pointer) {
    (void)multi; (void)socket; (void)pointer;
    return curlm_internal_error;
}
int curl_multi_socket_action(void *multi, int socket, int mask, int *running) {
    (void)multi; (void)socket; (void)mask;
    if (running != NULL) *running = 0;
    return curlm_internal_error;
}
void *curl_multi_info_read(void *multi, int *queued) {
    (void)multi;
    if (queued != NULL) *queued = 0;
    return NULL;
}
int curl_multi_setopt(void *multi, int option, ...) { (void)multi; (void)option; return curlm_internal_error; }

void *curl_slist_append(void *list, const char *string) { (void)list; (void)string; return NULL; }
void curl_slist_free_all(void *list) { (void)list; }

void *curl_url(void) { return NULL; }
int curl_url_set(void *url, int part, const char *content, unsigned flags) {
    (void)url; (void)part; (void)content; (void)flags;
    return curlue_out_of_memory;
}
int curl_url_get(void *url, int part, char **content, unsigned flags) {
    (void)url; (void)part; (void)flags;
    if (content != NULL) *content = NULL;
    return curlue_out_of_memory;
}
