; Hooks of the NSIS installer (tauri.conf.json: bundle > windows > nsis > installerHooks).
; Tuần Lễ Desk needs Windows 10 or 11: WebView2, which draws its window, ended on Windows 7 and
; 8.1 in 2023. On those the installer says so in Vietnamese and stops before copying anything,
; instead of installing an app that cannot open. Checked in the Windows lane (scripts/windows.sh)
; by a small installer that includes this file, run under Wine as Windows 7 and as Windows 10.
!include "LogicLib.nsh"
!include "WinVer.nsh"

!macro NSIS_HOOK_PREINSTALL
  ${IfNot} ${AtLeastWin10}
    MessageBox MB_ICONSTOP|MB_OK "Tuần Lễ Desk cần Windows 10 hoặc Windows 11. Máy này đang chạy phiên bản Windows cũ hơn, không có WebView2 để hiện cửa sổ của ứng dụng.$\r$\n$\r$\nChưa có gì được cài đặt. Hãy cài Tuần Lễ Desk trên một máy Windows 10 hoặc 11." /SD IDOK
    Abort
  ${EndIf}
!macroend
