//! The school profile: who issues the documents and who signs them. One school per data folder.

use chrono::Utc;
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::store::Store;
use crate::text::clean_line;
use crate::{Error, FieldError, Result, email};

/// How the signature block is headed (Nghị định 30/2020, Điều 13 and Phụ lục I: "KT." when a
/// deputy signs for the head, "Q." for an acting head).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum SignerTitle {
    /// HIỆU TRƯỞNG
    #[default]
    Principal,
    /// KT. HIỆU TRƯỞNG / PHÓ HIỆU TRƯỞNG
    DeputyForPrincipal,
    /// A deputy in charge while there is no principal: also KT. HIỆU TRƯỞNG / PHÓ HIỆU TRƯỞNG.
    DeputyInCharge,
    /// Q. HIỆU TRƯỞNG
    Acting,
    /// A collective body issues the document: "TM. BAN CHỈ ĐẠO" above the signer's role
    /// ("TRƯỞNG BAN"), both from the profile's `signing_body` and `signing_role`.
    OnBehalf,
}

impl SignerTitle {
    pub const ALL: [SignerTitle; 5] =
        [Self::Principal, Self::DeputyForPrincipal, Self::DeputyInCharge, Self::Acting, Self::OnBehalf];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Principal => "principal",
            Self::DeputyForPrincipal => "deputy_for_principal",
            Self::DeputyInCharge => "deputy_in_charge",
            Self::Acting => "acting",
            Self::OnBehalf => "on_behalf",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.as_str() == s)
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SchoolProfile {
    /// "Trường Tiểu học Hùng Tiến"
    pub name: String,
    /// The parent authority printed above the school in the header: "UBND XÃ VĨNH HÒA".
    pub authority_line: String,
    /// The school's symbol in document numbers: "THHT" gives "Số: /KH-THHT".
    pub abbreviation: String,
    /// The place in the date line: "Vĩnh Hòa, ngày 01 tháng 10 năm 2025".
    pub place_name: String,
    pub signer_name: String,
    pub signer_title: SignerTitle,
    /// With `OnBehalf` only: the collective body that issues ("Ban Chỉ đạo"); empty otherwise.
    #[serde(default)]
    pub signing_body: String,
    /// With `OnBehalf` only: the signer's role in that body ("Trưởng ban"); empty otherwise.
    #[serde(default)]
    pub signing_role: String,
    pub email: String,
}

impl SchoolProfile {
    /// The issuer line of the header, in capitals: "TRƯỜNG TIỂU HỌC HÙNG TIẾN".
    pub fn issuer_line(&self) -> String {
        clean_line(&self.name).to_uppercase()
    }

    /// The lines of the signature block above the signer's name, in bold capitals.
    pub fn signature_lines(&self) -> Vec<String> {
        let lines: &[&str] = match self.signer_title {
            SignerTitle::Principal => &["HIỆU TRƯỞNG"],
            SignerTitle::DeputyForPrincipal | SignerTitle::DeputyInCharge => &["KT. HIỆU TRƯỞNG", "PHÓ HIỆU TRƯỞNG"],
            SignerTitle::Acting => &["Q. HIỆU TRƯỞNG"],
            SignerTitle::OnBehalf => {
                return vec![
                    format!("TM. {}", clean_line(&self.signing_body).to_uppercase()),
                    clean_line(&self.signing_role).to_uppercase(),
                ];
            }
        };
        lines.iter().map(|l| (*l).to_owned()).collect()
    }

    /// The person's own title, as written in a letter's sign-off: "Phó Hiệu trưởng".
    pub fn plain_title(&self) -> String {
        match self.signer_title {
            SignerTitle::Principal => "Hiệu trưởng".into(),
            SignerTitle::DeputyForPrincipal => "Phó Hiệu trưởng".into(),
            SignerTitle::DeputyInCharge => "Phó Hiệu trưởng phụ trách".into(),
            SignerTitle::Acting => "Quyền Hiệu trưởng".into(),
            // "Trưởng ban" of "Ban Chỉ đạo" is "Trưởng Ban Chỉ đạo"; "Chủ tịch" of "Hội đồng trường" joins as is.
            SignerTitle::OnBehalf => {
                let (role, body) = (clean_line(&self.signing_role), clean_line(&self.signing_body));
                let first_of_body = body.split(' ').next().unwrap_or_default().to_lowercase();
                let role = match role.rsplit_once(' ') {
                    Some((head, last)) if last.to_lowercase() == first_of_body => head.to_owned(),
                    _ => role,
                };
                format!("{role} {body}")
            }
        }
    }

    /// Cleans every field and checks it; returns the profile as it will be stored.
    pub fn validated(&self) -> Result<Self> {
        let on_behalf = self.signer_title == SignerTitle::OnBehalf;
        let kept = |t: &str| if on_behalf { clean_line(t) } else { String::new() };
        let p = Self {
            name: clean_line(&self.name),
            authority_line: clean_line(&self.authority_line).to_uppercase(),
            abbreviation: clean_line(&self.abbreviation).to_uppercase(),
            place_name: clean_line(&self.place_name),
            signer_name: clean_line(&self.signer_name),
            signer_title: self.signer_title,
            signing_body: kept(&self.signing_body),
            signing_role: kept(&self.signing_role),
            email: clean_line(&self.email).to_lowercase(),
        };
        let mut errors = Vec::new();
        if p.name.is_empty() {
            errors.push(FieldError::new("name", "Hãy nhập tên trường (ví dụ: Trường Tiểu học Hùng Tiến)."));
        } else if p.name.chars().count() > 120 {
            errors.push(FieldError::new("name", "Tên trường quá dài (tối đa 120 ký tự)."));
        }
        if p.authority_line.is_empty() {
            errors.push(FieldError::new("authority_line", "Hãy nhập cơ quan chủ quản (ví dụ: UBND XÃ VĨNH HÒA)."));
        }
        if p.abbreviation.is_empty() {
            errors.push(FieldError::new("abbreviation", "Hãy nhập chữ viết tắt của trường dùng trong số văn bản (ví dụ: THHT)."));
        } else if p.abbreviation.chars().count() > 15 || !p.abbreviation.chars().all(|c| c.is_alphanumeric()) {
            errors.push(FieldError::new(
                "abbreviation",
                "Chữ viết tắt chỉ gồm chữ cái và chữ số, không có dấu cách hay gạch nối, tối đa 15 ký tự (ví dụ: THHT).",
            ));
        }
        if p.place_name.is_empty() {
            errors.push(FieldError::new("place_name", "Hãy nhập địa danh ghi ở dòng ngày tháng (ví dụ: Vĩnh Hòa)."));
        }
        if p.signer_name.is_empty() {
            errors.push(FieldError::new("signer_name", "Hãy nhập họ và tên người ký văn bản."));
        }
        if on_behalf && p.signing_body.is_empty() {
            errors.push(FieldError::new("signing_body", "Hãy nhập tên tập thể ban hành văn bản (ví dụ: Ban Chỉ đạo)."));
        }
        if on_behalf && p.signing_role.is_empty() {
            errors.push(FieldError::new("signing_role", "Hãy nhập chức vụ của người ký trong tập thể đó (ví dụ: Trưởng ban)."));
        }
        if p.email.is_empty() {
            errors.push(FieldError::new("email", "Hãy nhập địa chỉ email của trường."));
        } else if !email::is_valid(&p.email) {
            errors.push(FieldError::new(
                "email",
                format!("Địa chỉ email «{}» không hợp lệ (ví dụ đúng: c1hungtien@haiphong.edu.vn).", p.email),
            ));
        }
        if errors.is_empty() { Ok(p) } else { Err(Error::Validation(errors)) }
    }
}

pub fn load(store: &Store) -> Result<Option<SchoolProfile>> {
    let row = store
        .conn()
        .query_row(
            "SELECT name, authority_line, abbreviation, place_name, signer_name, signer_title, signing_body, signing_role, email
               FROM school WHERE id = 1",
            [],
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, String>(5)?,
                    r.get::<_, String>(6)?,
                    r.get::<_, String>(7)?,
                    r.get::<_, String>(8)?,
                ))
            },
        )
        .optional()?;
    Ok(row.map(|(name, authority_line, abbreviation, place_name, signer_name, title, signing_body, signing_role, email)| {
        SchoolProfile {
            name,
            authority_line,
            abbreviation,
            place_name,
            signer_name,
            // The table's CHECK constraint only admits known titles.
            signer_title: SignerTitle::parse(&title).unwrap_or(SignerTitle::Principal),
            signing_body,
            signing_role,
            email,
        }
    }))
}

/// Loads the profile, or says that the wizard has not been completed.
pub fn require(store: &Store) -> Result<SchoolProfile> {
    load(store)?.ok_or(Error::NoSchool)
}

/// Validates and stores the profile (insert or replace); returns what was stored.
pub fn save(store: &mut Store, profile: &SchoolProfile) -> Result<SchoolProfile> {
    let p = profile.validated()?;
    store.write(|tx| upsert(tx, &p))?;
    Ok(p)
}

/// Writes an already validated profile inside the caller's transaction.
pub(crate) fn upsert(conn: &Connection, p: &SchoolProfile) -> Result<()> {
    conn.execute(
        "INSERT INTO school (id, name, authority_line, abbreviation, place_name, signer_name, signer_title, signing_body,
               signing_role, email, updated_at)
             VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
             ON CONFLICT (id) DO UPDATE SET name = excluded.name, authority_line = excluded.authority_line,
               abbreviation = excluded.abbreviation, place_name = excluded.place_name, signer_name = excluded.signer_name,
               signer_title = excluded.signer_title, signing_body = excluded.signing_body,
               signing_role = excluded.signing_role, email = excluded.email, updated_at = excluded.updated_at",
        params![
            p.name,
            p.authority_line,
            p.abbreviation,
            p.place_name,
            p.signer_name,
            p.signer_title.as_str(),
            p.signing_body,
            p.signing_role,
            p.email,
            Utc::now().to_rfc3339()
        ],
    )?;
    Ok(())
}
