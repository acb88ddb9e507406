// Typed wrappers around libcurl's variadic entry points, which Swift cannot call.
// Each wrapper fixes the type of the third argument; the option constants keep
// their libcurl names (CURLOPT_URL, CURLINFO_RESPONSE_CODE, ...).
#ifndef PYMANAGER_CCURL_SHIM_H
#define PYMANAGER_CCURL_SHIM_H

#include <curl/curl.h>

typedef size_t (*pm_curl_data_callback)(char *data, size_t size, size_t count, void *context);

static inline CURLcode pm_curl_setopt_long(CURL *handle, CURLoption option, long value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode pm_curl_setopt_string(CURL *handle, CURLoption option, const char *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode pm_curl_setopt_pointer(CURL *handle, CURLoption option, void *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode pm_curl_setopt_offset(CURL *handle, CURLoption option, curl_off_t value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode pm_curl_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value) {
    return curl_easy_setopt(handle, option, value);
}

/// CURLOPT_WRITEFUNCTION / CURLOPT_HEADERFUNCTION.
static inline CURLcode pm_curl_setopt_data_callback(CURL *handle, CURLoption option, pm_curl_data_callback value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode pm_curl_getinfo_long(CURL *handle, CURLINFO info, long *value) {
    return curl_easy_getinfo(handle, info, value);
}

static inline CURLcode pm_curl_getinfo_offset(CURL *handle, CURLINFO info, curl_off_t *value) {
    return curl_easy_getinfo(handle, info, value);
}

static inline CURLcode pm_curl_getinfo_string(CURL *handle, CURLINFO info, const char **value) {
    return curl_easy_getinfo(handle, info, (char **)value);
}

#endif
