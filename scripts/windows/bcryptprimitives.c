/* bcryptprimitives.dll for Wine 8, which lacks it: Rust's standard library (1.78 and later) draws
 * its random numbers from ProcessPrng there, so without this no Windows test binary starts under
 * Wine. Windows 10/11 have the real DLL; this shim is only ever put into the test Wine prefix
 * (scripts/windows.sh). ProcessPrng forwards to RtlGenRandom (advapi32's SystemFunction036). */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length) {
    while (length > 0) {
        ULONG chunk = length > 0x10000000 ? 0x10000000 : (ULONG)length;
        if (!SystemFunction036(data, chunk)) return FALSE;
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}
